import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { type App, buildApp } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Clock, type Database, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createOwnDatabase } from './own-database.ts';

/**
 * The real application on a real database: an in-memory PGlite by default, a fresh database of its own on the PostgreSQL named by
 * DATABASE_URL when it is set. Requests go through Fastify's injector, the full HTTP pipeline.
 */
export type TestApp = { app: App; db: Database; config: Config; close(): Promise<void> };

/** `clock`: a time the test drives (SLA timers), instead of the system clock. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-test-'));
  const database = process.env.DATABASE_URL ? await createOwnDatabase(process.env.DATABASE_URL) : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    JOB_POLL_SECONDS: '0.5',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null, clock: options.clock });
  await migrate(db);
  const app = await buildApp({ config, db });
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How a request authenticates: an agent's browser session (cookie + CSRF header), an API token, or a customer's portal session. */
export type Credentials =
  | { cookie: string; csrfToken: string }
  | { token: string }
  | { portalCookie: string; csrfToken: string };

export type RequestOptions = {
  as?: Credentials;
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
};

export function call(app: App, method: string, url: string, options: RequestOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const { as } = options;
  if (as && 'token' in as) headers.authorization = `Bearer ${as.token}`;
  if (as && 'cookie' in as) {
    headers.cookie = `ac_session=${as.cookie}`;
    headers['x-csrf-token'] ??= as.csrfToken;
  }
  if (as && 'portalCookie' in as) {
    headers.cookie = `ac_portal=${as.portalCookie}`;
    headers['x-csrf-token'] ??= as.csrfToken;
  }
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    query: options.query,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.test`;
export const uniqueSlug = (label = 'org') => `${label}-${randomUUID().slice(0, 8)}`;
export const PASSWORD = 'correct horse battery staple';

export function sessionFrom(response: LightMyRequestResponse): { cookie: string; csrfToken: string } {
  const cookie = response.cookies.find((c) => c.name === 'ac_session')?.value;
  const { csrfToken } = response.json() as { csrfToken: string };
  if (!cookie || !csrfToken)
    throw new Error(`No session in response ${response.statusCode}: ${response.body}`);
  return { cookie, csrfToken };
}

export type TestOrganization = {
  organizationId: string;
  slug: string;
  owner: { id: string; email: string; session: { cookie: string; csrfToken: string } };
};

export async function signUpOrganization(app: App, name = 'Acme Support'): Promise<TestOrganization> {
  const email = uniqueEmail('owner');
  const response = await call(app, 'POST', '/api/v1/signup', {
    body: { organizationName: name, slug: uniqueSlug(), name: 'Olive Owner', email, password: PASSWORD },
  });
  if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { agent: { id: string }; organization: { id: string; slug: string } };
  return {
    organizationId: body.organization.id,
    slug: body.organization.slug,
    owner: { id: body.agent.id, email, session: sessionFrom(response) },
  };
}

/** Invites and signs in an agent with the given role; returns their id and session. */
export async function addAgent(
  app: App,
  organization: TestOrganization,
  role: 'admin' | 'agent' = 'agent',
): Promise<{ id: string; email: string; session: { cookie: string; csrfToken: string } }> {
  const email = uniqueEmail(role);
  const invited = await call(app, 'POST', '/api/v1/invitations', {
    as: organization.owner.session,
    body: { email, role },
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const accepted = await call(app, 'POST', '/api/v1/invitations/accept', {
    body: { token: invited.json().token, name: `${role} person`, password: PASSWORD },
  });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
  return { id: accepted.json().agent.id, email, session: sessionFrom(accepted) };
}

export type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

export const errorOf = (response: LightMyRequestResponse) => response.json<ErrorBody>().error;

/** The response is the one error shape with this status, code and (some of its) details. */
export function assertError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  details: Record<string, unknown> = {},
): void {
  assert.equal(response.statusCode, status, response.body);
  const error = errorOf(response);
  assert.equal(error.code, code);
  for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, key);
}

export type PortalCredentials = { portalCookie: string; csrfToken: string };

/** Makes a contact (or reuses one by email) and signs them in to the portal through a one-time link. */
export async function signInContact(
  app: App,
  organization: TestOrganization,
  email = uniqueEmail('customer'),
): Promise<{ id: string; email: string; session: PortalCredentials }> {
  const as = organization.owner.session;
  const created = await call(app, 'POST', '/api/v1/contacts', {
    as,
    body: { email, name: 'Casey Customer' },
  });
  const id =
    created.statusCode === 201
      ? (created.json() as { id: string }).id
      : (await call(app, 'GET', '/api/v1/contacts', { as, query: { q: email } })).json().items[0].id;
  const link = await call(app, 'POST', `/api/v1/contacts/${id}/sign-in-links`, { as });
  if (link.statusCode !== 201) throw new Error(`sign-in link failed: ${link.body}`);
  const signedIn = await call(app, 'POST', '/api/v1/portal/sessions', { body: { token: link.json().token } });
  const portalCookie = signedIn.cookies.find((c) => c.name === 'ac_portal')?.value;
  if (signedIn.statusCode !== 201 || !portalCookie)
    throw new Error(`portal sign-in failed: ${signedIn.body}`);
  return { id, email, session: { portalCookie, csrfToken: signedIn.json().csrfToken } };
}

/**
 * A second application on the harness's database that logs at info level into `lines`, for tests of
 * what the server writes to its log (request ids, links the email channel will send).
 */
export async function createLoggedApp(
  harness: TestApp,
): Promise<{ app: App; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({
    config: harness.config,
    db: harness.db,
    logger: pino({ level: 'info' }, sink),
  });
  return { app, lines };
}
