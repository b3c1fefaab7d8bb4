/**
 * Structured JSON logs (pino). Personal data and secrets are redacted wherever they could appear:
 * cookies, authorization and CSRF headers, passwords, tokens, codes and e-mail addresses in any
 * logged object. Request URLs never carry tokens (links put them in the URL fragment).
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.code',
  '*.recoveryCode',
  '*.email',
  '*.to',
  '*.secret',
  'body',
];

/** Search terms and addresses in query strings are personal data: their values are not logged. */
export function redactQuery(url: string): string {
  return url.replace(/([?&](?:q|email|token)=)[^&#]*/gi, '$1[redacted]');
}

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'waymark', version: config.version },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    serializers: {
      req(request: {
        method: string;
        url: string;
        ip?: string;
        id?: string;
        headers?: Record<string, unknown>;
      }) {
        return {
          method: request.method,
          url: redactQuery(request.url),
          ip: request.ip,
          userAgent: request.headers?.['user-agent'],
        };
      },
    },
  };
}

const SEVERITY = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * The level for chatty operator routes (health, metrics): at least `warn`, and never louder than
 * the configured level (a route-level level replaces the global one in Fastify).
 */
export function quietRouteLogLevel(config: Config): Config['logLevel'] {
  return SEVERITY.indexOf(config.logLevel) > SEVERITY.indexOf('warn') ? config.logLevel : 'warn';
}
