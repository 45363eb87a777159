import type { TestContext } from './harness';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A client for the in-process app that behaves like a browser session: cookie, CSRF header, language. */
export class Agent {
  cookie?: string;
  csrf?: string;
  bearer?: string;
  lang = 'zh-CN';
  /** The account's TOTP secret, when it has one: login() then answers the second step itself. */
  totpSecret?: string;
  constructor(readonly ctx: TestContext) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { 'accept-language': this.lang, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await this.ctx.app.request(path, { method, headers: h, body: payload });
    // A response may clear the old cookie and set a new one: the last ipstation_session wins.
    for (const setCookie of res.headers.getSetCookie()) {
      const m = /^ipstation_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `ipstation_session=${m[1]}` : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }
  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, undefined, headers);
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, body ?? {}, headers);
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body ?? {});
  del = <T = any>(path: string) => this.request<T>('DELETE', path);

  /** Signs in through the API like the web app does. */
  async login(username: string, password: string) {
    let res = await this.post('/api/auth/login', { username, password });
    if (res.status === 200 && res.body.mfaRequired && this.totpSecret) {
      const { generate } = await import('otplib');
      res = await this.post('/api/auth/login/totp', { mfaToken: res.body.mfaToken, code: await generate({ secret: this.totpSecret }) });
    }
    if (res.status === 200 && res.body.csrfToken) this.csrf = res.body.csrfToken;
    return res;
  }
}

export const anonymous = (ctx: TestContext) => new Agent(ctx);
