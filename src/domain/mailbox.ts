/**
 * E-mail addresses where one is asked for to send mail to (the invitation form).
 *
 * Only a bare addr-spec in its dot-atom form is taken: `name@example.org`. RFC 5322 also allows a
 * display name (`x <name@example.org>`), groups (`g: name@example.org;`), comments
 * (`name@example.org(c)`), quoted local parts and lists, and mail libraries such as nodemailer
 * resolve all of them, so each would be one more way to write the same mailbox (and a list would
 * write to several). None of them is something a person types into "your e-mail address".
 */

/** atext of RFC 5322, with letters and digits of any script (RFC 6531). */
const ATOM = "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u;

export interface Mailbox {
  /** The address to write to, as typed: trimmed and in lower case (as the hub has always kept them). */
  address: string;
  /**
   * The mailbox it reaches, for counting and deduplication: `+tag` sub-addresses dropped, so
   * `name+1@example.org` and `Name@Example.org` are one mailbox. Mail still goes to `address`:
   * people file mail by its tag, and a few hosts use `+` in names of their own.
   */
  key: string;
}

/** The mailbox of a bare address, or null for anything else (display names, groups, comments, lists). */
export function parseMailbox(input: unknown): Mailbox | null {
  if (typeof input !== 'string') return null;
  const address = input.trim().toLowerCase();
  if (address.length > 254) return null;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at <= 0 || local.length > 64 || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  const tld = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/u.test(tld)) return null;
  const untagged = local.split('+')[0] ?? '';
  return { address, key: `${untagged === '' ? local : untagged}@${domain}` };
}
