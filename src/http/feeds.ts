import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import type { App } from '../app/app.js';
import type { Config } from '../config.js';
import { ValidationError } from '../domain/errors.js';
import { type Encoding, type FeedOptions, occurrenceCalendar, seriesCalendar } from '../domain/ical-feed.js';
import { upcoming } from '../domain/recurrence.js';
import type { Series } from '../domain/series.js';
import { badgeSvg } from '../web/badge.js';
import { feedTexts } from '../web/feed-texts.js';
import { translator } from '../web/i18n/index.js';
import { formatDay, formatTime, zoneName } from '../web/meeting-format.js';

/** How far ahead a subscription feed reaches; runs are added as time passes. */
export const FEED_YEARS = 10;
const CACHE_LIMIT = 200;

/**
 * Calendar feeds and the badge. A built feed is kept in memory under a validator made of the
 * series' version and SEQUENCE (read from the database on every request, so another instance's
 * change is seen at once); an unchanged feed is answered from memory, or with 304.
 */
export function feeds(app: App, config: Config) {
  const cache = new Map<string, { validator: string; etag: string; body: string }>();

  function pageUrl(series: Series, path = ''): string {
    return new URL(`meetings/${series.slug}${path}`, config.baseUrl).toString();
  }

  function options(
    request: FastifyRequest,
    series: Series,
    encoding: Encoding,
    horizon: Temporal.PlainDate,
  ): FeedOptions {
    const url = pageUrl(series);
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

  function today(series: Series): Temporal.PlainDate {
    return Temporal.Instant.fromEpochMilliseconds(app.now().getTime())
      .toZonedDateTimeISO(series.schedule.timeZone)
      .toPlainDate();
  }

  return {
    /** `/meetings/:series.ics` — the subscription feed; `?rule=byweekno` for the exact encoding. */
    async series(request: FastifyRequest, reply: FastifyReply, slug: string) {
      const rule = (request.query as Record<string, unknown>).rule;
      if (rule !== undefined && rule !== 'byweekno' && rule !== 'compatible') {
        throw new ValidationError([{ field: 'rule', key: 'error.badValue' }]);
      }
      const encoding: Encoding = rule === 'byweekno' ? 'byweekno' : 'compatible';
      const { series, changes } = await app.meetings.get(slug);
      const horizon = today(series).add({ years: FEED_YEARS });
      const key = `${series.id}|${encoding}|${request.locale}`;
      const validator = `${series.version}|${series.sequence}|${series.updatedAt}|${horizon.toString()}|${config.baseUrl}`;
      let entry = cache.get(key);
      if (!entry || entry.validator !== validator) {
        const body = seriesCalendar(series, changes, options(request, series, encoding, horizon));
        entry = {
          validator,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
          body,
        };
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
        cache.set(key, entry);
      }
      return sendCalendar(request, reply, entry.etag, entry.body, `${series.slug}.ics`);
    },

    /** `/meetings/:series/:date.ics` — one occurrence for "Add to calendar". */
    async occurrence(request: FastifyRequest, reply: FastifyReply, slug: string, key: string) {
      const { series, changes, occurrence } = await app.meetings.occurrence(slug, key);
      const change = changes.find((c) => c.date === occurrence.key);
      const body = occurrenceCalendar(
        series,
        occurrence,
        change?.updatedAt ?? series.updatedAt,
        options(request, series, 'compatible', today(series)),
      );
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      return sendCalendar(request, reply, etag, body, `${series.slug}-${occurrence.key}.ics`);
    },

    /** `/meetings/:series/badge.svg` — "next planning meeting · Mon 7 Dec 14:00 CET". */
    async badge(request: FastifyRequest, reply: FastifyReply, slug: string) {
      const t = translator(request.locale);
      const { series, changes } = await app.meetings.get(slug);
      const now = Temporal.Instant.fromEpochMilliseconds(app.now().getTime());
      const next = upcoming(series.schedule, changes, now, 5).find((o) => o.status !== 'cancelled') ?? null;
      const label = t('meetings.nextOne').toLowerCase();
      const message = next
        ? `${formatDay(next.start, request.locale).replace(/,? \d{4}$/u, '')} ${formatTime(next.start, request.locale)} ${zoneName(next.start, request.locale)}`
        : t('meetings.noUpcoming');
      const body = badgeSvg(label, message);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=300')
        // Made to be embedded in READMEs and docs sites elsewhere.
        .header('cross-origin-resource-policy', 'cross-origin');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('image/svg+xml; charset=utf-8').send(body);
    },
  };
}

export type Feeds = ReturnType<typeof feeds>;
