import type { LightMyRequestResponse } from 'fastify';
import type { Hub } from './hub.js';

/**
 * A browser stand-in over Fastify's inject: it keeps cookies, and reads the CSRF token of the
 * last page it loaded, so form posts look exactly like a browser's.
 */
export class PageClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';
  lastHtml = '';
  constructor(
    private readonly hub: Hub,
    private readonly headers: Record<string, string> = {},
  ) {}

  private url(path: string): string {
    return `${this.hub.config.basePath}${path}`;
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if (String(res.headers['content-type'] ?? '').startsWith('text/html')) {
      this.lastHtml = res.body;
      const m = /name="_csrf" value="([^"]*)"/u.exec(res.body);
      if (m?.[1] !== undefined) this.csrf = m[1];
    }
  }

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.hub.server.inject({
      method: 'GET',
      url: this.url(path),
      headers: { ...this.headers, ...this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Posts a form with the CSRF token of the last page (unless the fields name one themselves). */
  async post(path: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const res = await this.hub.server.inject({
      method: 'POST',
      url: this.url(path),
      headers: {
        ...this.headers,
        ...this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
    this.remember(res);
    return res;
  }

  /** Posts a multipart form (a file upload), encoded by the platform's FormData as a browser would. */
  async postMultipart(path: string, form: FormData): Promise<LightMyRequestResponse> {
    const encoded = new Response(form);
    const res = await this.hub.server.inject({
      method: 'POST',
      url: this.url(path),
      headers: {
        ...this.headers,
        ...this.cookieHeader(),
        'content-type': encoded.headers.get('content-type') ?? 'multipart/form-data',
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    this.remember(res);
    return res;
  }

  /** Follows a 303 from a form post, as a browser would. */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = String(res.headers.location ?? '');
    if (res.statusCode !== 303 || !location)
      throw new Error(`expected a 303 redirect, got ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return this.get(location.slice(this.hub.config.basePath.length));
  }

  /** Calls the JSON API with this browser's session cookie (and, for writes, its CSRF token). */
  async api(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.hub.server.inject({
      method,
      url: this.url(`/api/v1${path}`),
      headers: { ...this.cookieHeader(), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }
}

/** Pulls the visible text of elements matching a class out of a page, in document order. */
export function textsOf(html: string, className: string): string[] {
  const re = new RegExp(`<a class="${className}"[^>]*>([^<]*)</a>`, 'gu');
  return [...html.matchAll(re)].map((m) => decodeEntities(m[1] ?? ''));
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&');
}
