/**
 * Liveness and readiness for operators and load balancers.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { access } from './context.js';
import { AppError } from './errors.js';
import { quietRouteLogLevel } from './logger.js';

export async function healthRoutes(appBase: FastifyInstance): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/health',
    {
      config: { access: access.public() },
      logLevel: quietRouteLogLevel(appBase.config),
      schema: {
        tags: ['operations'],
        summary: 'Health of the service and its database',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      try {
        await appBase.db.scoped({ purpose: 'public' }, (trx) => sql`select 1`.execute(trx));
      } catch {
        throw new AppError('UNAVAILABLE', 'The database is not reachable.');
      }
      return { status: 'ok' as const, database: appBase.db.engine, version: appBase.config.version };
    },
  );
}
