import type { FastifyReply, FastifyRequest } from 'fastify';
import { type NewSession, SESSION_COOKIE } from './sessions.ts';

export function setSessionCookie(reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    secure: reply.server.config.secureCookies,
    sameSite: 'lax',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** What a sign-in records about the device, shown later in a session list. */
export const clientOf = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? '',
});
