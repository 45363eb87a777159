import { request, type APIRequestContext, type BrowserContext } from 'playwright-core';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './server';

export interface SignedIn {
  csrfToken: string;
  user: { id: string; username: string; displayName: string };
}

async function postLogin(api: APIRequestContext, username: string, password: string): Promise<SignedIn> {
  const response = await api.post('/api/auth/login', { data: { username, password } });
  if (!response.ok()) throw new Error(`sign-in of ${username} failed: ${response.status()} ${await response.text()}`);
  return (await response.json()) as SignedIn;
}

/**
 * Signs in through the API inside the browser context, so the session cookie lands in the
 * context's cookie jar and the next page load is already signed in.
 */
export async function signInByApi(context: BrowserContext, username: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  return postLogin(context.request, username, password);
}

/** A signed-in API client (no browser) for setting up data, e.g. a throwaway user. */
export async function apiAs(username: string, password = DEMO_PASSWORD) {
  const api = await request.newContext({ baseURL: inject('baseUrl') });
  const { csrfToken } = await postLogin(api, username, password);
  const send = async <T>(method: 'post' | 'patch' | 'delete', path: string, data?: unknown): Promise<T> => {
    const response = await api[method](path, { data, headers: { 'X-CSRF-Token': csrfToken } });
    if (!response.ok()) throw new Error(`${method.toUpperCase()} ${path} failed: ${response.status()} ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  };
  return {
    get: async <T>(path: string): Promise<T> => {
      const response = await api.get(path);
      if (!response.ok()) throw new Error(`GET ${path} failed: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: <T>(path: string, data?: unknown) => send<T>('post', path, data ?? {}),
    dispose: () => api.dispose(),
  };
}

/** A unique suffix so journeys can run again on the same server without name clashes. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
