import type { AppDeps } from '../deps';
import type { RequestContext } from '../policy/actor';

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    ctx: RequestContext;
    requestId: string;
    /** Hash of the session cookie, when the caller came with a live one. */
    sessionHash?: string;
    csrfToken?: string;
  };
}
