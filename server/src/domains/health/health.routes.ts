import { Type } from 'typebox';
import type { App } from '../../app.ts';
import { isFullyMigrated } from '../../db/migrate.ts';

const HealthSchema = Type.Object({ status: Type.String() });

export async function healthRoutes(app: App): Promise<void> {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: HealthSchema },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and every migration is applied',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        if (await isFullyMigrated(app.db)) return { status: 'ready' };
        return reply.status(503).send({ status: 'migrations pending' });
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ status: 'database unreachable' });
      }
    },
  );
}
