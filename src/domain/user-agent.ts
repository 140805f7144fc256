/**
 * A browser's User-Agent in a few words ("Firefox on Linux"), enough to tell one's own devices
 * apart in a list of sessions. Order matters: Edge and Opera say "Chrome" too, Chrome says
 * "Safari", and Android says "Linux".
 */

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//u, 'Edge'],
  [/\bOPR\/|\bOpera\b/u, 'Opera'],
  [/\bFirefox\/|\bFxiOS\//u, 'Firefox'],
  [/\bChrome\/|\bCriOS\/|\bChromium\//u, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//u, 'Safari'],
  [/^curl\//u, 'curl'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/u, 'Android'],
  [/\biPhone\b|\biPad\b|\biPod\b/u, 'iOS'],
  [/\bWindows\b/u, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/u, 'macOS'],
  [/\bCrOS\b/u, 'ChromeOS'],
  [/\bLinux\b|\bX11\b/u, 'Linux'],
];

const first = (list: [RegExp, string][], ua: string) => list.find(([pattern]) => pattern.test(ua))?.[1];

/** The browser and system a User-Agent names, or null when it names neither. */
export function deviceOf(userAgent: string | null): { browser: string | null; system: string | null } | null {
  if (!userAgent) return null;
  const browser = first(BROWSERS, userAgent) ?? null;
  const system = first(SYSTEMS, userAgent) ?? null;
  return browser === null && system === null ? null : { browser, system };
}
