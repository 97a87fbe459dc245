import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { safeEqual } from '../../lib/secrets.ts';
import { findApiToken } from '../api-tokens/find-api-token.ts';
import type { Actor } from './actor.ts';
import { CONTACT_SESSION_COOKIE, type ContactActor, findContactSession } from './contact-sessions.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Every route needs a session cookie or an API token unless it is marked public. Cookie-authenticated
 * writes must also echo the session's CSRF token in a header, which another site cannot read or set.
 */
export function registerAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.config.public || !request.routeOptions.url) return;
    if (request.routeOptions.config.audience === 'contact') {
      const contact = await authenticateContact(request);
      request.contact = contact;
      request.log = request.log.child({
        organizationId: contact.organizationId,
        contactId: contact.contactId,
      });
      reply.log = request.log;
      return;
    }
    const actor = await authenticate(request);
    request.actor = actor;
    // The reply keeps its own logger (it writes "request completed"), so both get the ids.
    request.log = request.log.child({ organizationId: actor.organizationId, userId: actor.agentId });
    reply.log = request.log;
  });
}

async function authenticate(request: FastifyRequest): Promise<Actor> {
  const { db, config } = request.server;
  const authorization = request.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await findApiToken(db, match[1]) : null;
    if (!actor) throw new AppError('unauthenticated', 'Invalid or revoked API token');
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await findSession(db, token, config.sessionTtlHours) : null;
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue');
  assertCsrf(request, session.csrfToken);
  const { csrfToken: _csrf, ...actor } = session;
  return actor;
}

/** Portal routes take only a customer's session cookie; agent sessions and API tokens are not customers. */
async function authenticateContact(request: FastifyRequest): Promise<ContactActor> {
  const token = request.cookies[CONTACT_SESSION_COOKIE];
  const session = token ? await findContactSession(request.server.db, token) : null;
  if (!session) throw new AppError('unauthenticated', 'Sign in to the portal to continue');
  assertCsrf(request, session.csrfToken);
  const { csrfToken: _csrf, ...contact } = session;
  return contact;
}

function assertCsrf(request: FastifyRequest, expected: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
    throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header`);
  }
}

/** The authenticated agent of a non-public route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue');
  return request.actor;
}

/** The signed-in customer of a portal route. */
export function contactOf(request: FastifyRequest): ContactActor {
  if (!request.contact) throw new AppError('unauthenticated', 'Sign in to the portal to continue');
  return request.contact;
}
