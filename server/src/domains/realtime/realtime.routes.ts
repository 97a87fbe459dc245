import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import type { App } from '../../app.ts';
import { AppError } from '../../lib/errors.ts';
import { errorResponses } from '../../lib/http-schemas.ts';
import { actorOf, contactOf } from '../auth/authenticate.ts';
import { openEventStream, seqFromLastEventId } from './event-stream.ts';
import { EventStreamQuery } from './realtime.schemas.ts';
import { openRealtimeConnection } from './realtime-connection.ts';
import type { Viewer } from './subscriptions.ts';

/**
 * OpenAPI 3.0 cannot describe a WebSocket (an upgrade, then messages both ways), so the sockets stay
 * out of the document; docs/realtime.md (Protocol) is their contract.
 */
const socketSchema = (summary: string) => ({ hide: true, summary, tags: ['realtime'] });

/** Live events: agents' and customers' WebSockets, and the Server-Sent Events stream for integrations. */
export async function realtimeRoutes(app: App): Promise<void> {
  // A stream never ends on its own; closing the server ends them, or it would wait for their clients.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.destroy();
  });
  const serve = (viewer: Viewer, socket: WebSocket) => {
    const connection = openRealtimeConnection({
      db: app.db,
      hub: app.realtime,
      viewer,
      send: (message) => socket.send(JSON.stringify(message)),
    });
    socket.on('message', (data) => connection.receive(String(data)));
    socket.on('close', () => {
      connection.close().catch((error) => app.log.warn({ err: error }, 'realtime: closing failed'));
    });
  };

  app.get(
    '/realtime',
    {
      websocket: true,
      preValidation: async (request) => refuseForeignOrigin(request, app.config.publicUrl),
      schema: socketSchema("An agent's live events and presence"),
    },
    (socket, request) => {
      const { organizationId, agentId } = actorOf(request);
      serve({ type: 'agent', organizationId, agentId }, socket);
    },
  );

  app.get(
    '/portal/realtime',
    {
      websocket: true,
      config: { audience: 'contact' },
      preValidation: async (request) => refuseForeignOrigin(request, app.config.publicUrl),
      schema: socketSchema("A customer's live events on their own tickets (public ones only)"),
    },
    (socket, request) => {
      const { organizationId, contactId } = contactOf(request);
      serve({ type: 'contact', organizationId, contactId }, socket);
    },
  );

  app.get(
    '/events/stream',
    {
      schema: {
        tags: ['realtime'],
        summary: 'Every event the agent may see, as Server-Sent Events (id: is the sequence number)',
        querystring: EventStreamQuery,
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { organizationId, agentId } = actorOf(request);
      const since = request.query.since ?? seqFromLastEventId(request.headers['last-event-id']);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': request.id,
      });
      const stream = openEventStream({
        db: app.db,
        hub: app.realtime,
        viewer: { type: 'agent', organizationId, agentId },
        since,
        write: (chunk) => reply.raw.write(chunk),
      });
      streams.add(reply.raw);
      reply.raw.on('close', () => {
        streams.delete(reply.raw);
        stream.close();
      });
    },
  );
}

/**
 * Browsers send cookies with a WebSocket opened by any site; a socket signed in by cookie must come
 * from our own pages (API tokens are not sent by browsers on their own, so they need no check).
 */
function refuseForeignOrigin(request: FastifyRequest, publicUrl: string): void {
  const { origin } = request.headers;
  if (!origin || request.actor?.authMethod === 'api_token') return;
  if (origin !== new URL(publicUrl).origin) {
    throw new AppError('forbidden', 'This socket must be opened from the application itself');
  }
}
