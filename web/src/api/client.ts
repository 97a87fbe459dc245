import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';

// The session cookie is httpOnly; writes also need the session's CSRF token in a header. It is kept in
// sessionStorage (this tab only, gone when it closes) and fetched again from GET /auth/me after a reload.
const CSRF_KEY = 'actionconnect.csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setCsrfToken(token: string | null | undefined): void {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export const csrfToken = (): string | null => sessionStorage.getItem(CSRF_KEY);

const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
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
