/**
 * A real OpenID Connect provider in the test process (`oidc-provider`), for the sign-in tests: discovery, the
 * authorisation endpoint with PKCE, the token endpoint, signed ID tokens. There is no login form: whoever the test
 * names with `signInAs` is logged in at once when the provider asks (its interaction completes itself, and consent
 * is given by `loadExistingGrant`), so a plain HTTP client and a real browser go through alike. `tamperNextIdToken`
 * re-signs the next ID token with changed claims (another audience, a wrong nonce), with the provider's own key.
 * Not a spec file.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';
import Provider, { type Adapter, type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestIdp {
  issuer: string;
  /** The person the provider logs in at the next sign-in (and every one after, until changed). */
  signInAs(sub: string, claims: Record<string, unknown>): void;
  /** Registers the clients and starts answering (the redirect URIs name providers made after the issuer was known). */
  serve(clients: IdpClient[]): void;
  /** The next sign-in is refused at the provider (the person cancels): it answers `error=access_denied`. */
  refuseNext(): void;
  /** Changes the claims of the next ID token the token endpoint issues, re-signed with the provider's key. */
  tamperNextIdToken(change: (claims: Record<string, unknown>) => Record<string, unknown>): void;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The provider's storage (sessions, codes, grants), in memory: its own quick-start one warns on every start. */
const stores = new Map<string, Map<string, { payload: AdapterPayload; until?: number }>>();
class MemoryAdapter implements Adapter {
  private readonly store: Map<string, { payload: AdapterPayload; until?: number }>;
  constructor(name: string) {
    this.store = stores.get(name) ?? new Map();
    stores.set(name, this.store);
  }
  async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
    this.store.set(id, { payload, until: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }
  async find(id: string) {
    const hit = this.store.get(id);
    return hit && (!hit.until || hit.until > Date.now()) ? hit.payload : undefined;
  }
  async findByUserCode(code: string) {
    return [...this.store.values()].find((v) => v.payload.userCode === code)?.payload;
  }
  async findByUid(uid: string) {
    return [...this.store.values()].find((v) => v.payload.uid === uid)?.payload;
  }
  async consume(id: string) {
    const hit = this.store.get(id);
    if (hit) hit.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    this.store.delete(id);
  }
  async revokeByGrantId(grantId: string) {
    for (const [id, v] of this.store) if (v.payload.grantId === grantId) this.store.delete(id);
  }
}

export async function startIdp(): Promise<TestIdp> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (!handler) {
      res.statusCode = 503;
      res.end('not serving yet');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, Record<string, unknown>>();
  let next: string | undefined;
  let refuse = false;
  let tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | undefined;

  /** The ID token of a token response with its claims changed, signed again with the provider's key. */
  const retamper = (body: string): string => {
    const change = tamper;
    tamper = undefined;
    const json = JSON.parse(body) as { id_token?: string };
    if (!change || !json.id_token) return body;
    const [head, payload] = json.id_token.split('.');
    const claims = change(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    const signingInput = `${head}.${b64(claims)}`;
    json.id_token = `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
    return JSON.stringify(json);
  };

  return {
    issuer,
    signInAs(sub, claims) {
      accounts.set(sub, claims);
      next = sub;
    },
    refuseNext() {
      refuse = true;
    },
    tamperNextIdToken(change) {
      tamper = change;
    },
    serve(clients) {
      const configuration: Configuration = {
        clients: clients.map((c) => ({
          client_id: c.clientId, client_secret: c.clientSecret, redirect_uris: c.redirectUris,
          grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
        })),
        adapter: MemoryAdapter,
        ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 600, Interaction: 600, Session: 600 },
        jwks: { keys: [jwk as never] },
        cookies: { keys: ['a-cookie-key-of-the-test-provider'] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: false } },
        // The claims of the scopes go into the ID token too (a provider such as Entra ID puts groups there).
        conformIdTokenClaims: false,
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'groups', 'department'] },
        findAccount: (_ctx, sub) => (accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined),
        // Consent is given: whatever the client asked for.
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
          grant.addOIDCScope(String(ctx.oidc.params!.scope ?? 'openid'));
          await grant.save();
          return grant;
        },
        renderError: (ctx, out) => {
          ctx.type = 'application/json';
          ctx.body = out;
        },
      };
      const provider = new Provider(issuer, configuration);
      const callback = provider.callback();
      handler = (req, res) => {
        if (req.url?.startsWith('/interaction/')) {
          // No form: the person named by signInAs logs in.
          void (async () => {
            try {
              await provider.interactionDetails(req, res);
              if (!next) throw new Error('signInAs was not called');
              const result = refuse ? { error: 'access_denied', error_description: 'the person cancelled' } : { login: { accountId: next } };
              refuse = false;
              await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
            } catch (e) {
              res.statusCode = 500;
              res.end(String(e));
            }
          })();
          return;
        }
        if (tamper && req.method === 'POST' && req.url === '/token') {
          const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
          res.end = ((chunk?: unknown) => {
            const body = retamper(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk ?? ''));
            res.setHeader('content-length', Buffer.byteLength(body));
            return end(body);
          }) as ServerResponse['end'];
        }
        void callback(req, res);
      };
    },
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

/**
 * A browser as far as a sign-in needs one: a cookie jar per host, redirects followed by hand, stopping at the first
 * page of the web client (a path outside /api/auth/oidc/ on the service) or at a response that is not a redirect.
 */
export class SignInBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookies(url: string): string {
    return [...(this.jar.get(new URL(url).host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookie(url: string, name: string): boolean {
    return !!this.jar.get(new URL(url).host)?.has(name);
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: this.cookies(url) } });
    const host = new URL(url).host;
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      const cookies = this.jar.get(host) ?? new Map<string, string>();
      this.jar.set(host, cookies);
      if (gone || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url`; the URL the service finally sends the browser to in its web client, and each hop. */
  async follow(url: string, service: string): Promise<{ landed: URL; hops: string[]; status: number }> {
    const hops: string[] = [];
    let current = url;
    for (let i = 0; i < 20; i++) {
      hops.push(current);
      const res = await this.request(current);
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { landed: new URL(current), hops, status: res.status };
      const target = new URL(location, current);
      if (target.origin === new URL(service).origin && !target.pathname.startsWith('/api/auth/oidc/')) return { landed: target, hops, status: res.status };
      current = target.href;
    }
    throw new Error(`more than 20 redirects: ${hops.join(' → ')}`);
  }
}
