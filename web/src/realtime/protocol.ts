// The realtime sockets' messages (docs/realtime.md, Protocol). The sockets are not in the OpenAPI
// document (OpenAPI 3.0 cannot describe them), so their shapes are written out here.

export type Composing = 'reply' | 'note' | null;

export type Target = { ticket: string } | { queue: true } | { notifications: true };

/** One event: `seq` numbers an organization's events in commit order, without gaps. */
export type RealtimeEvent = {
  seq: number;
  kind: string;
  ticketId: string | null;
  payload: Record<string, unknown>;
};

export type PresenceAgent = { agentId: string; composing: Composing };

export type ServerMessage =
  | { type: 'subscribed'; ref?: string; subscription: string; seq: number }
  | { type: 'resync'; ref?: string; subscription: string; seq: number }
  | { type: 'unsubscribed'; ref?: string; subscription: string }
  | ({ type: 'event' } & RealtimeEvent)
  | { type: 'presence'; ticketId: string; agents: PresenceAgent[] }
  | { type: 'error'; ref?: string; code: string; message: string };

export type ClientMessage =
  | { type: 'subscribe'; ref: string; to: Target; since?: number }
  | { type: 'unsubscribe'; ref: string; to: Target }
  | { type: 'presence'; ticketId: string; composing: Composing };

/** The server's name for a subscription (`ticket:<id>`, `queue`, `notifications`). */
export const keyOf = (target: Target): string =>
  'ticket' in target ? `ticket:${target.ticket}` : 'queue' in target ? 'queue' : 'notifications';

/** Whether an event belongs to a subscription, as the server decides it (notifications stay apart). */
export function belongsTo(event: RealtimeEvent, target: Target): boolean {
  const notification = event.kind === 'notification.created';
  if ('notifications' in target) return notification;
  if (notification) return false;
  return 'queue' in target || event.ticketId === target.ticket;
}

/** One change as the collision guard's 409 lists it (`details.changes`). */
export type Change = { seq: number; kind: string; payload: Record<string, unknown> };
