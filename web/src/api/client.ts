import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

// The session cookie is httpOnly; writes also need the session's CSRF token in a header. It is kept in
// sessionStorage (this tab only, gone when it closes) and fetched again from GET /auth/me (or
// /portal/me) after a reload. Agents and portal customers have separate sessions, so separate tokens:
// a portal route is sent the portal session's.
const CSRF_KEYS = { agent: 'actionconnect.csrf', portal: 'actionconnect.portal-csrf' } as const;
export type Audience = keyof typeof CSRF_KEYS;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setCsrfToken(token: string | null | undefined, audience: Audience = 'agent'): void {
  if (token) sessionStorage.setItem(CSRF_KEYS[audience], token);
  else sessionStorage.removeItem(CSRF_KEYS[audience]);
}

export const csrfToken = (audience: Audience = 'agent'): string | null =>
  sessionStorage.getItem(CSRF_KEYS[audience]);

const audienceOf = (url: string): Audience =>
  new URL(url).pathname.startsWith('/api/v1/portal/') ? 'portal' : 'agent';

const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken(audienceOf(request.url));
    if (token && !SAFE_METHODS.has(request.method)) request.headers.set('x-csrf-token', token);
    return request;
  },
};

/** The typed client: paths, parameters and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(csrf);

type ErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown> } };

/** A failed call, with the server's error code and message (see the server's one error shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Turns openapi-fetch's `{ data, error }` into the data or a thrown ApiError, for react-query. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as ErrorBody;
  throw new ApiError(
    result.response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? `The server answered ${result.response.status}`,
    body.error?.details ?? {},
  );
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong';
