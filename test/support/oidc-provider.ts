import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 and a free port, inside the
 * test process: clients registered up front, people as `findAccount` describes them, and its
 * development login page (any login, any password) in place of a real one. Consent is taken as
 * given, so signing in is one form.
 */

export interface Person {
  email?: string;
  email_verified?: boolean;
  name?: string;
  picture?: string;
  groups?: string[];
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestProvider {
  issuer: string;
  /** People by login; a test adds its own before it signs in. */
  people: Map<string, Person>;
  /** Set: the token endpoint answers with this ID token instead of the one it made. */
  swapIdToken: string | null;
  close(): Promise<void>;
}

function autoConsent() {
  return async (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const clientId = oidc.client?.clientId ?? '';
    const grantId = oidc.session?.grantIdFor(clientId);
    if (grantId) return oidc.provider.Grant.find(grantId);
    const grant = new oidc.provider.Grant({ clientId, accountId: oidc.session?.accountId ?? '' });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  };
}

export async function startOidcProvider(clients: TestClient[]): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map<string, Person>();
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'groups', 'picture'],
    },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, preferred_username: sub, ...people.get(sub) }),
    }),
    features: { devInteractions: { enabled: true } },
    loadExistingGrant: autoConsent(),
    cookies: { keys: ['a test provider’s cookie key'] },
  });
  // The development key and interactions are what this is for; their warnings are not news.
  provider.on('server_error', (_ctx, err) => console.error('test provider:', err));
  const handle = provider.callback();
  const state: TestProvider = {
    issuer,
    people,
    swapIdToken: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const swap = state.swapIdToken;
    if (swap && req.method === 'POST' && req.url === '/token') {
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        const body = JSON.parse(String(chunk)) as Record<string, unknown>;
        const out = JSON.stringify({ ...body, id_token: swap });
        res.setHeader('content-length', Buffer.byteLength(out));
        return end(out);
      }) as ServerResponse['end'];
    }
    handle(req, res);
  });
  return state;
}

/** A browser's cookies at the provider, sent along with every request there. */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }

  private async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie } });
    this.remember(res);
    return res;
  }

  /**
   * Follows the provider's redirects from `url`, signing in as `login` on its login page, until
   * it sends the browser to an address that is not its own: that address is returned.
   */
  async signIn(url: string, login: string, issuer: string): Promise<string> {
    let next = url;
    for (let hop = 0; hop < 10; hop++) {
      if (!next.startsWith(issuer)) return next;
      const res = await this.request(next);
      const location = res.headers.get('location');
      if (location) {
        next = new URL(location, next).href;
        continue;
      }
      const html = await res.text();
      if (!/name="prompt" value="login"/u.test(html))
        throw new Error(`unexpected page at the provider: ${html.slice(0, 400)}`);
      const posted = await this.request(next, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
      });
      next = new URL(posted.headers.get('location') ?? '', next).href;
    }
    throw new Error('the provider kept redirecting');
  }
}

/** A port free now, so a provider can know the hub's address before the hub listens. */
export async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
