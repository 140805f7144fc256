import type { Locale } from '../../app/accounts.js';
import { de } from './de.js';
import { en, type MessageKey } from './en.js';

export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, de };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * `{count|idea|ideas}` in a text: the word form for the number `count` holds, by the language's
 * plural rules (English and German both tell one from many; 0 takes the plural).
 */
const PLURAL = /\{(\w+)\|([^{}|]*)\|([^{}|]*)\}/gu;

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const rules = new Intl.PluralRules(locale);
  return (key, params) => {
    const text = catalogue[key] ?? en[key] ?? key;
    if (!params) return text;
    return text
      .replace(PLURAL, (_whole, name: string, one: string, other: string) =>
        Object.hasOwn(params, name) && rules.select(Number(params[name])) === 'one' ? one : other,
      )
      .replace(/\{(\w+)\}/gu, (whole, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : whole,
      );
  };
}

/** Picks en or de from an Accept-Language header by quality; English when neither is asked for. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'en';
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...rest] = part.trim().split(';');
    const qParam = rest.find((r) => r.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.trim().toLowerCase().split('-')[0];
    if ((primary === 'en' || primary === 'de') && (!best || q > best.q)) best = { locale: primary, q };
  }
  return best?.locale ?? 'en';
}
