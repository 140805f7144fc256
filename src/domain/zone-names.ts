/**
 * Short zone names as people read them: EST and CET rather than GMT-5 and GMT+1. ICU knows
 * American abbreviations in en-US and European ones in en-GB; where neither has one, the
 * offset form (GMT+10:30) remains.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function nameIn(locale: string, zone: string, epochMs: number): string | null {
  const key = `${locale}|${zone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    formats.set(key, f);
  }
  return f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? null;
}

export function shortZoneName(zone: string, epochMs: number): string {
  const offsetForm = /^(GMT|UTC)[+-]/u;
  const us = nameIn('en-US', zone, epochMs);
  if (us && !offsetForm.test(us)) return us;
  const gb = nameIn('en-GB', zone, epochMs);
  if (gb && !offsetForm.test(gb)) return gb;
  return us ?? gb ?? zone;
}
