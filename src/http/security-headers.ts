import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';

/** One year, as HSTS preload lists and most guides ask. */
const HSTS_SECONDS = 365 * 24 * 3600;

/**
 * The Content-Security-Policy of every page: nothing but this origin's own scripts, styles and
 * images, no inline code. `remoteImages`: an admin lets Markdown show images of other sites.
 */
export function pagePolicy(remoteImages: boolean): string {
  const images = remoteImages ? "'self' https: data:" : "'self' data:";
  return `default-src 'self'; img-src ${images}; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'`;
}

/**
 * Security headers for every response, as helmet makes them, set before any route runs. Pages
 * replace the Content-Security-Policy with their own (src/http/pages/kit.ts); everything else
 * (JSON, problem documents, feeds, the badge, scripts and styles) loads nothing and is framed by
 * nobody.
 */
export function helmetOptions(config: Config): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    // Only a hub reached over https may tell browsers to come back over https only; not for
    // subdomains, which a hub at https://example.org/planning/ does not speak for.
    strictTransportSecurity:
      config.baseUrl.protocol === 'https:' ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
    // What the pages have always said; helmet's own default (no-referrer) would differ by response.
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * The headers helmet sets for these options, worked out once. helmet builds its middleware from
 * the options on every call, and the Fastify plugin called it for every request: a tenth of what
 * a cached page cost. Without nonces the headers are the same for every response.
 */
export function securityHeaders(config: Config): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet touches nothing of the request and only these two methods of the response.
  helmet(helmetOptions(config))(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (err?: unknown) => {
      if (err) throw err;
    },
  );
  return headers;
}
