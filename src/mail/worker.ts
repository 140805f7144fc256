import { randomBytes } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { App } from '../app/app.js';
import { DIGEST_JOB, type DigestJob } from '../app/digest-jobs.js';
import { FINALIZE_DECISION } from '../app/minutes.js';
import { REMINDER_JOB, type ReminderJob, SWEEP_JOB } from '../app/reminders.js';
import type { WebhookPoster } from '../app/webhook-delivery.js';
import { WEBHOOK_JOB } from '../app/webhook-emit.js';
import type { Config } from '../config.js';
import type { OutboxRow } from '../store/outbox.repository.js';
import { renderChatPost } from './chat-post.js';
import type { OutgoingMail } from './compose.js';
import { webhookTransport } from './webhook-transport.js';

// What turns a mail job into a message (the composers, iCalendar invitations with ical.js, HTML
// templates) is loaded with the first mail, as nodemailer is: not every instance sends mail.
const mailComposers = () => import('./send-mail.js');

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer; the text/calendar part carries the iTIP method clients look for.
 * nodemailer is loaded with the first mail: most instances send none for hours, and it is one of
 * the larger packages to hold in memory.
 */
export function smtpTransport(config: Config): MailTransport {
  const url = config.smtpUrl;
  if (!url) throw new Error('SMTP_URL is not set');
  let opened: Promise<Transporter> | null = null;
  let transporter: Transporter | null = null;
  const open = () => {
    opened ??= import('nodemailer').then(({ default: nodemailer }) => {
      transporter = nodemailer.createTransport(url);
      return transporter;
    });
    return opened;
  };
  return {
    async send(mail) {
      await (await open()).sendMail({
        from: config.mailFrom,
        // As an object, the address is taken whole: a string would be parsed as an address
        // list, and `a@x.org, b@y.org` or `g:a@x.org;` would reach several mailboxes.
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        headers: mail.headers,
        // Ours when the mail has one of its own (a notification's): the same on every resend.
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        ...(mail.calendar
          ? {
              icalEvent: {
                method: mail.calendar.method,
                content: mail.calendar.ics,
                filename: 'invitation.ics',
              },
            }
          : {}),
      });
    },
    close: () => transporter?.close(),
  };
}

export interface OutboxWorker {
  /**
   * Claims and runs due jobs until none are left; returns how many ran, not counting the
   * reminders' hourly sweep (housekeeping that every worker keeps queued, not work asked for).
   */
  runOnce(): Promise<number>;
  /** Runs soon, e.g. right after a request queued mail. */
  kick(): void;
  stop(): Promise<void>;
}

/** Does what one claimed job asks: finalize a decision, make a digest, or compose and send a mail. */
async function runJob(
  app: App,
  config: Config,
  transport: MailTransport | null,
  job: OutboxRow,
): Promise<void> {
  if (job.kind === FINALIZE_DECISION) {
    const { decision } = JSON.parse(job.payload) as { decision: string };
    await app.minutes.finalizeDue(decision);
  } else if (job.kind === DIGEST_JOB) {
    await app.notificationDigest.run(JSON.parse(job.payload) as DigestJob);
  } else if (job.kind === SWEEP_JOB) {
    await app.reminders.sweep();
  } else if (job.kind === REMINDER_JOB) {
    await app.reminders.send(JSON.parse(job.payload) as ReminderJob);
  } else if (job.kind === 'mail' && transport) {
    const { sendMail } = await mailComposers();
    await sendMail(app, config, transport, job);
  } else throw new Error(`unknown job kind ${job.kind}`);
}

/** A webhook job settles itself (its attempt is logged with the outcome); the others are settled here. */
async function runClaimed(
  app: App,
  config: Config,
  run: { transport: MailTransport | null; poster: WebhookPoster; worker: string },
  job: OutboxRow,
): Promise<void> {
  if (job.kind === WEBHOOK_JOB) {
    const allowPrivate = app.webhooks.allowPrivate();
    const ctx = { poster: run.poster, baseUrl: config.baseUrl, allowPrivate, chat: renderChatPost };
    await app.webhookDelivery.deliver(job, run.worker, ctx);
    return;
  }
  await runJob(app, config, run.transport, job);
  await app.outbox.complete(job);
}

export interface OutboxWorkerOptions {
  intervalMs?: number;
  log?: (msg: string, err?: unknown) => void;
  autoStart?: boolean;
  /** Sends webhooks (default: over HTTPS with a 10 s timeout). */
  webhooks?: WebhookPoster;
}

/**
 * Returns jobs a stopping worker claimed but did not begin, for another instance to take at once;
 * should that fail (the database went away), they are taken when their lease runs out.
 */
async function giveBack(
  app: App,
  jobs: OutboxRow[],
  worker: string,
  log: (msg: string, err?: unknown) => void,
): Promise<void> {
  await app.outbox
    .release(jobs, worker)
    .catch((err: unknown) => log('outbox: giving back unbegun jobs failed', err));
}

/**
 * The jobs a worker takes: mail and digests only where mail can go (without SMTP none is queued);
 * reminders everywhere, as they fill inboxes and webhooks too.
 */
const jobKinds = (transport: MailTransport | null): string[] => {
  const everywhere = [FINALIZE_DECISION, WEBHOOK_JOB, SWEEP_JOB, REMINDER_JOB];
  return transport ? ['mail', DIGEST_JOB, ...everywhere] : everywhere;
};

/** `work` until it once succeeds; then nothing (a worker makes sure of the reminders' sweep on its first run). */
function firstTimeOnly(work: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    await work();
    done = true;
  };
}

/** Runs one claimed job in its turn; 1 when it ran (the reminders' sweep counts 0). */
async function runTurn(
  app: App,
  config: Config,
  run: { transport: MailTransport | null; poster: WebhookPoster; worker: string },
  job: OutboxRow,
  log: (msg: string, err?: unknown) => void,
): Promise<number> {
  // Its turn may come after the batch's claim ran out and another worker took it over.
  if (!(await app.outbox.begin(job, run.worker, config.outboxLeaseSeconds))) return 0;
  try {
    await runClaimed(app, config, run, job);
  } catch (err) {
    log(`outbox job ${job.id} failed`, err);
    await app.outbox.fail(job, run.worker, err instanceof Error ? err.message : String(err));
  }
  return job.kind === SWEEP_JOB ? 0 : 1;
}

/**
 * Runs queued jobs: mail (only with a transport) and decisions whose objection window has
 * closed. Any number of instances may run one: jobs are claimed with a lease in the database,
 * so each runs once, and a job whose worker died is taken over when its lease ends.
 */
export function startOutboxWorker(
  app: App,
  config: Config,
  transport: MailTransport | null,
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  const name = `worker-${process.pid}-${randomBytes(4).toString('hex')}`;
  const { intervalMs: interval = 5000, log = () => undefined } = options;
  let timer: NodeJS.Timeout | null = null;
  // The run in progress (settled without rejecting), so a second caller can queue behind it.
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const poster = options.webhooks ?? webhookTransport();
  const kinds = jobKinds(transport);
  const ensureSweep = firstTimeOnly(() => app.reminders.ensureSweep());

  async function runJobs(): Promise<number> {
    let ran = 0;
    await ensureSweep();
    // A stopping worker finishes the job in hand, claims no more and gives the rest back.
    while (!stopped) {
      const jobs = await app.outbox.claim(name, 10, kinds, config.outboxLeaseSeconds);
      if (jobs.length === 0) return ran;
      for (const [i, job] of jobs.entries()) {
        if (stopped) {
          await giveBack(app, jobs.slice(i), name, log);
          break;
        }
        ran += await runTurn(app, config, { transport, poster, worker: name }, job, log);
      }
    }
    return ran;
  }

  function runOnce(): Promise<number> {
    // One run at a time per worker; a second caller waits for the running one and then runs
    // again, whether that one succeeded or failed (the database may have been away).
    const next = (running ?? Promise.resolve()).then(
      () => runJobs(),
      () => runJobs(),
    );
    // Its failure is the caller's to hear; the copy kept here must never reject unheard.
    const settled = next.catch(() => undefined);
    running = settled;
    void settled.then(() => {
      if (running === settled) running = null;
    });
    return next;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => log('outbox run failed', err))
        .finally(() => schedule(interval));
    }, delay);
    timer.unref();
  }

  if (options.autoStart !== false) schedule(0);

  return {
    runOnce,
    kick: () => schedule(50),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport?.close();
    },
  };
}
