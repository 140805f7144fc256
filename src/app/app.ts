import type { Store } from '../store/store.js';
import { accountKit } from './account-kit.js';
import { accountsUseCases } from './accounts.js';
import { agendaUseCases } from './agenda.js';
import { backupUseCases } from './backup.js';
import { boardUseCases } from './board.js';
import { changesUseCases, stampReader } from './changes.js';
import { commentsUseCases } from './comments.js';
import { docsUseCases } from './docs.js';
import { emailVerificationUseCases } from './email-verification.js';
import { firstRunUseCases } from './first-run.js';
import { followUseCases } from './follows.js';
import { formTokensUseCases } from './form-tokens.js';
import { githubImportUseCases } from './github-import.js';
import { groupsUseCases } from './groups.js';
import { healthUseCases } from './health.js';
import { ideasUseCases } from './ideas.js';
import { identityUseCases } from './identities.js';
import { interestUseCases } from './interest.js';
import { invitationsUseCases } from './invitations.js';
import { type LimitOverrides, limitsUseCases, resolveLimits } from './limits.js';
import { liveUseCases } from './live.js';
import { meetingsUseCases } from './meetings.js';
import { mentionUseCases } from './mentions.js';
import { minutesUseCases } from './minutes.js';
import { notificationDigestUseCases } from './notification-digest.js';
import { notificationMailUseCases } from './notification-mail.js';
import { notificationUseCases } from './notifications.js';
import { outboxUseCases } from './outbox.js';
import { ownDataUseCases } from './own-data.js';
import { passwordResetUseCases } from './password-reset.js';
import { HashingQueue } from './passwords.js';
import { peopleUseCases } from './people.js';
import { proposalsUseCases } from './proposals.js';
import { remindersUseCases } from './reminders.js';
import { roadmapUseCases } from './roadmap.js';
import { searchUseCases } from './search.js';
import { sessionListUseCases } from './session-list.js';
import { settingsUseCases } from './settings.js';
import { webhookDeliveryUseCases } from './webhook-delivery.js';
import { type WebhookOptions, webhooksUseCases } from './webhooks.js';

export interface AppOptions {
  /** Limits against abuse other than the defaults (src/app/limits.ts); tests raise or lower them. */
  limits?: LimitOverrides;
  /** Whether webhooks may reach private networks (PLENUM_WEBHOOK_ALLOW_PRIVATE). */
  webhooks?: WebhookOptions;
}

/** The use-cases of the hub, one namespace per aggregate. The http and cli layers call only these. */
export function createApp(store: Store, now: () => Date = () => new Date(), options: AppOptions = {}) {
  const deps = { store, now, stamp: stampReader(store) };
  const settings = settingsUseCases(deps);
  const board = boardUseCases(deps);
  const limitSettings = resolveLimits(options.limits);
  const limits = limitsUseCases(deps, limitSettings);
  const hashing = new HashingQueue(limitSettings.hashing);
  return {
    store,
    now,
    limits,
    /** This process's password hashing, shared by every use-case that hashes. */
    hashing,
    ideas: ideasUseCases(deps, limits),
    changes: changesUseCases(deps),
    accounts: accountsUseCases(deps, { limits, hashing }),
    identities: identityUseCases(accountKit(deps, { limits, hashing })),
    settings,
    firstRun: firstRunUseCases(deps),
    meetings: meetingsUseCases(deps),
    invitations: invitationsUseCases(deps, () => settings.cookieSecret(), limits),
    outbox: outboxUseCases(deps),
    docs: docsUseCases(deps),
    proposals: proposalsUseCases(deps),
    groups: groupsUseCases(deps),
    backup: backupUseCases(deps),
    agenda: agendaUseCases(deps, limits),
    minutes: minutesUseCases(deps),
    board,
    roadmap: roadmapUseCases(deps, board),
    githubImport: githubImportUseCases(deps),
    live: liveUseCases(deps),
    health: healthUseCases(deps),
    formTokens: formTokensUseCases(deps),
    passwordReset: passwordResetUseCases(accountKit(deps, { limits, hashing })),
    emailVerification: emailVerificationUseCases(accountKit(deps, { limits, hashing })),
    sessionList: sessionListUseCases(deps),
    ownData: ownDataUseCases(accountKit(deps, { limits, hashing })),
    interest: interestUseCases(deps),
    follows: followUseCases(deps),
    people: peopleUseCases(deps),
    comments: commentsUseCases(deps, limits),
    mentions: mentionUseCases(deps, limits),
    search: searchUseCases(deps),
    webhooks: webhooksUseCases(deps, options.webhooks),
    webhookDelivery: webhookDeliveryUseCases(deps),
    notifications: notificationUseCases(deps),
    notificationMail: notificationMailUseCases(deps, () => settings.cookieSecret()),
    notificationDigest: notificationDigestUseCases(deps, () => settings.cookieSecret()),
    reminders: remindersUseCases(deps, () => settings.cookieSecret()),
  };
}

export type App = ReturnType<typeof createApp>;
