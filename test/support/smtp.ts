import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every message it receives, parsed. */
export interface Mailbox {
  url: string;
  messages: ParsedMail[];
  /** The envelope recipients (RCPT TO) of every message, in arrival order: where mail really went. */
  recipients: string[][];
  /** Messages to one address, in arrival order. */
  to(address: string): ParsedMail[];
  clear(): void;
  close(): Promise<void>;
}

/** `delayMs`: each message is taken after this pause, as a busy relay might. */
export async function startMailbox(options: { delayMs?: number } = {}): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      recipients.push(session.envelope.rcptTo.map((r) => r.address));
      simpleParser(stream)
        .then(async (mail) => {
          if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
          messages.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipients,
    to: (addr) =>
      messages.filter((m) => {
        const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
        return to.some((a) => a.value.some((v) => v.address === addr));
      }),
    clear: () => {
      messages.length = 0;
      recipients.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text/calendar part of a parsed mail (nodemailer sends it as an alternative). */
export function calendarOf(mail: ParsedMail): string | null {
  const alt = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  return alt ? alt.content.toString('utf8') : null;
}

/** A raw header of a parsed mail (mailparser turns List-* headers into objects). */
export function rawHeader(mail: ParsedMail | undefined, name: string): string {
  const line = mail?.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line.slice(line.indexOf(':') + 1).trim();
}
