import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent. A hub usually runs beside other services, so an admin's URL must
 * not make it a door into the private network (SSRF): loopback, private, link-local, CGNAT,
 * unique-local and other special ranges are refused unless private targets are allowed. The
 * same check runs at registration (on the URL) and at delivery on every address the name
 * resolves to, right before connecting to that very address.
 */
const PRIVATE_V4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_V4.addSubnet(net, bits, 'ipv4');
}

const PRIVATE_V6 = new BlockList();
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
] as const) {
  PRIVATE_V6.addSubnet(net, bits, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 IPv6 address. */
function embeddedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/u.exec(lower);
  if (dotted) return dotted[1] ?? null;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/u.exec(lower);
  if (!hex) return null;
  const hi = Number.parseInt(hex[1] ?? '0', 16);
  const lo = Number.parseInt(hex[2] ?? '0', 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Whether an IP address lies in a range a webhook must not reach; anything unparsable counts as private. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/gu, '').replace(/%.*$/u, '');
  const family = isIP(bare);
  if (family === 4) return PRIVATE_V4.check(bare, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedV4(bare);
  if (v4 !== null) return isIP(v4) !== 4 || PRIVATE_V4.check(v4, 'ipv4');
  return PRIVATE_V6.check(bare, 'ipv6');
}

export type TargetProblem = 'error.webhookUrl' | 'error.webhookHttps' | 'error.webhookPrivate';

/**
 * Checks an endpoint URL as typed: https (http only where private targets are allowed, for
 * tests and closed networks), no credentials in it, and no host that is private by its very
 * name or address. Names are resolved at delivery, where every address is checked again.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): TargetProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'error.webhookUrl';
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '') return 'error.webhookUrl';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate)) return 'error.webhookHttps';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local'))
    return 'error.webhookPrivate';
  if (isIP(host) !== 0 && isPrivateAddress(host)) return 'error.webhookPrivate';
  // A name made of digits only is read by some resolvers as an IPv4 address (2130706433).
  if (/^[0-9.]+$/u.test(host) || /^0x/u.test(host)) return 'error.webhookPrivate';
  return null;
}
