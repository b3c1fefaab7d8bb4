/**
 * The session cookie: httpOnly (no script can read it), SameSite=Strict (never sent on requests
 * started by another site), Secure when the public URL is https (then also __Host- prefixed, which
 * pins it to this host and path /). A browser-session cookie: closing the browser ends it, and the
 * server ends the session after the idle timeout or the absolute lifetime anyway.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

export function sessionCookieName(config: Config): string {
  return config.session.cookieSecure ? '__Host-waymark_session' : 'waymark_session';
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.session.cookieSecure,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.session.cookieSecure,
    path: '/',
  });
}

export function readSessionToken(request: FastifyRequest, config: Config): string | null {
  const value = request.cookies[sessionCookieName(config)];
  return value && value.length >= 20 && value.length <= 200 ? value : null;
}
