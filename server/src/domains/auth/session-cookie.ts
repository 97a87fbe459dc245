import type { FastifyReply, FastifyRequest } from 'fastify';
import { type NewSession, SESSION_COOKIE } from './sessions.ts';

/** Agents' sessions use the default cookie; the customer portal passes its own. */
export function setSessionCookie(reply: FastifyReply, session: NewSession, name = SESSION_COOKIE): void {
  reply.setCookie(name, session.token, {
    path: '/',
    httpOnly: true,
    secure: reply.server.config.secureCookies,
    sameSite: 'lax',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, name = SESSION_COOKIE): void {
  reply.clearCookie(name, { path: '/' });
}

/** What a sign-in records about the device, shown later in a session list. */
export const clientOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? '',
});
