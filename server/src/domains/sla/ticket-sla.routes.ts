import type { App } from '../../app.ts';
import { errorResponses, IdParams, Page } from '../../lib/http-schemas.ts';
import { actorOf } from '../auth/authenticate.ts';
import { SlaEventQuerySchema, SlaEventSchema, TicketSlaSchema } from './sla.schemas.ts';
import { getTicketSla, listSlaEvents } from './ticket-sla.ts';

export async function ticketSlaRoutes(app: App): Promise<void> {
  app.get(
    '/tickets/:id/sla',
    {
      schema: {
        tags: ['sla'],
        summary: "A ticket's SLA timers, how each due time was computed, and its metric events",
        params: IdParams,
        response: { 200: TicketSlaSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      getTicketSla(app.db, { organizationId: actorOf(request).organizationId, ticketId: request.params.id }),
  );

  app.get(
    '/sla/events',
    {
      schema: {
        tags: ['sla'],
        summary: 'SLA metric events (applied, paused, resumed, fulfilled, at risk, breached) for reports',
        querystring: SlaEventQuerySchema,
        response: { 200: Page(SlaEventSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      return listSlaEvents(app.db, {
        organizationId: actorOf(request).organizationId,
        query: { limit, ...query },
      });
    },
  );
}
