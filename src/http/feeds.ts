import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import type { App } from '../app/app.js';
import type { Config } from '../config.js';
import { ValidationError } from '../domain/errors.js';
import type { Encoding, FeedOptions } from '../domain/ical-feed.js';
import { upcoming } from '../domain/recurrence.js';
import type { Series } from '../domain/series.js';
import { badgeSvg } from '../web/badge.js';
import { feedTexts } from '../web/feed-texts.js';
import { translator } from '../web/i18n/index.js';
import { formatDay, formatTime, zoneName } from '../web/meeting-format.js';

// The iCalendar writer (ical.js) is loaded on the first feed asked for, not at start.
const icalFeed = () => import('../domain/ical-feed.js');

/** How far ahead a subscription feed reaches; runs are added as time passes. */
export const FEED_YEARS = 10;
const CACHE_LIMIT = 200;

type FeedCache = Map<string, { validator: string; etag: string; body: string }>;

/** A strong validator for a body built on request. */
function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/** How a feed of `series` is written: its encoding, its links and texts, and how far it reaches. */
function feedOptions(
  config: Config,
  request: FastifyRequest,
  series: Series,
  encoding: Encoding,
  horizon: Temporal.PlainDate,
): FeedOptions {
  const url = new URL(`meetings/${series.slug}`, config.baseUrl).toString();
  return {
    encoding,
    uidHost: config.baseUrl.hostname,
    pageUrl: url,
    horizon,
    method: 'PUBLISH',
    texts: feedTexts(series, translator(request.locale), url),
  };
}

function sendCalendar(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  body: string | null,
  filename: string,
) {
  reply
    .header('etag', etag)
    .header('cache-control', 'public, max-age=300, must-revalidate')
    // A slug may be Cyrillic or Chinese: ASCII in filename, the real name in filename* (RFC 6266).
    .header(
      'content-disposition',
      `inline; filename="${filename.replace(/[^\x20-\x7e]|["\\]/gu, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('text/calendar; charset=utf-8').send(body);
}

function today(app: App, series: Series): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(app.now().getTime())
    .toZonedDateTimeISO(series.schedule.timeZone)
    .toPlainDate();
}

/** `/meetings/:series.ics` — the subscription feed; `?rule=byweekno` for the exact encoding. */
async function seriesFeed(
  app: App,
  config: Config,
  cache: FeedCache,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
) {
  const rule = (request.query as Record<string, unknown>).rule;
  if (rule !== undefined && rule !== 'byweekno' && rule !== 'compatible') {
    throw new ValidationError([{ field: 'rule', key: 'error.badValue' }]);
  }
  const encoding: Encoding = rule === 'byweekno' ? 'byweekno' : 'compatible';
  const { series, changes } = await app.meetings.get(slug);
  const horizon = today(app, series).add({ years: FEED_YEARS });
  const key = `${series.id}|${encoding}|${request.locale}`;
  const validator = `${series.version}|${series.sequence}|${series.updatedAt}|${horizon.toString()}|${config.baseUrl}`;
  let entry = cache.get(key);
  if (!entry || entry.validator !== validator) {
    const { seriesCalendar } = await icalFeed();
    const body = seriesCalendar(series, changes, feedOptions(config, request, series, encoding, horizon));
    entry = { validator, etag: etagOf(body), body };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, entry);
  }
  return sendCalendar(request, reply, entry.etag, entry.body, `${series.slug}.ics`);
}

/** `/meetings/:series/:date.ics` — one occurrence for "Add to calendar". */
async function occurrenceFeed(
  app: App,
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  key: string,
) {
  const { series, changes, occurrence } = await app.meetings.occurrence(slug, key);
  const change = changes.find((c) => c.date === occurrence.key);
  const { occurrenceCalendar } = await icalFeed();
  const body = occurrenceCalendar(
    series,
    occurrence,
    change?.updatedAt ?? series.updatedAt,
    feedOptions(config, request, series, 'compatible', today(app, series)),
  );
  return sendCalendar(request, reply, etagOf(body), body, `${series.slug}-${occurrence.key}.ics`);
}

/** `/meetings/:series/badge.svg` — "next planning meeting · Mon 7 Dec 14:00 CET". */
async function badge(app: App, request: FastifyRequest, reply: FastifyReply, slug: string) {
  const t = translator(request.locale);
  const { series, changes } = await app.meetings.get(slug);
  const now = Temporal.Instant.fromEpochMilliseconds(app.now().getTime());
  const next = upcoming(series.schedule, changes, now, 5).find((o) => o.status !== 'cancelled') ?? null;
  const label = t('meetings.nextOne').toLowerCase();
  const message = next
    ? `${formatDay(next.start, request.locale).replace(/,? \d{4}$/u, '')} ${formatTime(next.start, request.locale)} ${zoneName(next.start, request.locale)}`
    : t('meetings.noUpcoming');
  const body = badgeSvg(label, message);
  const etag = etagOf(body);
  reply
    .header('etag', etag)
    .header('cache-control', 'public, max-age=300')
    // Made to be embedded in READMEs and docs sites elsewhere.
    .header('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('image/svg+xml; charset=utf-8').send(body);
}

/**
 * Calendar feeds and the badge. A built feed is kept in memory under a validator made of the
 * series' version and SEQUENCE (read from the database on every request, so another instance's
 * change is seen at once); an unchanged feed is answered from memory, or with 304.
 */
export function feeds(app: App, config: Config) {
  const cache: FeedCache = new Map();
  return {
    series: (request: FastifyRequest, reply: FastifyReply, slug: string) =>
      seriesFeed(app, config, cache, request, reply, slug),
    occurrence: (request: FastifyRequest, reply: FastifyReply, slug: string, key: string) =>
      occurrenceFeed(app, config, request, reply, slug, key),
    badge: (request: FastifyRequest, reply: FastifyReply, slug: string) => badge(app, request, reply, slug),
  };
}

export type Feeds = ReturnType<typeof feeds>;
