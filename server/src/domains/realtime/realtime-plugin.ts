import websocket from '@fastify/websocket';
import type { App } from '../../app.ts';
import { pruneRealtimeEvents } from './prune-realtime-events.ts';
import { startRealtimeHub } from './realtime-hub.ts';

const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** How long a closing server waits for clients to answer its close frame before cutting them off. */
const CLOSE_GRACE_MS = 1000;
/** Client messages are small JSON; anything bigger is a mistake or an attack. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * The realtime box: WebSocket support, this process's hub (relay, bus, presence) and, where
 * background work runs, the hourly pruning of old events.
 */
export async function registerRealtime(app: App): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: MAX_MESSAGE_BYTES },
    preClose: () => closeSockets(app),
  });
  const hub = await startRealtimeHub({ db: app.db, config: app.config, logger: app.log });
  app.decorate('realtime', hub);
  // Sockets close first (preClose above), then the hub's connections.
  app.addHook('onClose', () => hub.close());
  if (!app.config.jobWorkers) return;
  const prune = setInterval(() => {
    pruneRealtimeEvents(app.db, app.config.realtimeRetentionDays).catch((error) =>
      app.log.warn({ err: error }, 'realtime: pruning failed'),
    );
  }, PRUNE_EVERY_MS);
  prune.unref();
  app.addHook('onClose', async () => clearInterval(prune));
}

/**
 * Tells every client the server is going away (1001, so it reconnects to another process) and
 * waits until they are gone: a client that does not answer within the grace is cut off, so closing
 * never hangs on a sleeping laptop, and each socket has left its presence before the hub closes.
 */
function closeSockets(app: App): Promise<void> {
  const server = app.websocketServer;
  for (const client of server.clients) client.close(1001, 'Server shutting down');
  const stragglers = setTimeout(() => {
    for (const client of server.clients) client.terminate();
  }, CLOSE_GRACE_MS);
  return new Promise((resolve) =>
    server.close(() => {
      clearTimeout(stragglers);
      resolve();
    }),
  );
}
