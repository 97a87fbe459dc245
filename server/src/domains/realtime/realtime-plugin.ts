import websocket from '@fastify/websocket';
import type { App } from '../../app.ts';
import { pruneRealtimeEvents } from './prune-realtime-events.ts';
import { startRealtimeHub } from './realtime-hub.ts';

const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** Client messages are small JSON; anything bigger is a mistake or an attack. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * The realtime box: WebSocket support, this process's hub (relay, bus, presence) and, where
 * background work runs, the hourly pruning of old events.
 */
export async function registerRealtime(app: App): Promise<void> {
  await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  const hub = await startRealtimeHub({ db: app.db, config: app.config, logger: app.log });
  app.decorate('realtime', hub);
  // Sockets close first (the websocket plugin's own onClose), then the hub's connections.
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
