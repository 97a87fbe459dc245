import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { RealtimeEvent } from './realtime-events.ts';

/** Who is on the other end of a socket or stream, from the session, token or portal cookie. */
export type Viewer =
  | { type: 'agent'; organizationId: string; agentId: string }
  | { type: 'contact'; organizationId: string; contactId: string };

/** A ticket's events, the viewer's own notifications, or every ticket change (queues and view counts). */
export type Subscription =
  | { type: 'ticket'; ticketId: string }
  | { type: 'notifications' }
  | { type: 'queue' };

export const subscriptionKey = (subscription: Subscription): string =>
  subscription.type === 'ticket' ? `ticket:${subscription.ticketId}` : subscription.type;

/**
 * The REST API's rules: an agent may follow any ticket of their organization, a contact only the
 * tickets they requested; another organization's ticket is refused exactly like a missing one.
 */
export async function authorizeSubscription(
  db: Database,
  viewer: Viewer,
  subscription: Subscription,
): Promise<void> {
  if (subscription.type !== 'ticket') {
    if (viewer.type === 'contact') throw new AppError('forbidden', 'Customers follow their own tickets only');
    return;
  }
  const { organizationId } = viewer;
  const requesterId = viewer.type === 'contact' ? viewer.contactId : null;
  const rows = await withTenant(db, organizationId, (tx) =>
    tx.query(
      `select 1 from tickets
        where organization_id = $1 and id = $2 and ($3::uuid is null or requester_id = $3)`,
      [organizationId, subscription.ticketId, requesterId],
    ),
  );
  if (rows.length === 0) throw notFound('Ticket');
}

/**
 * Whether an event goes to a viewer through a subscription. A contact gets only public events of
 * their ticket (never an internal note, never agent-only changes); an agent's notifications reach
 * that agent alone.
 */
export function eventMatches(event: RealtimeEvent, subscription: Subscription, viewer: Viewer): boolean {
  if (event.agentId !== null) {
    return (
      viewer.type === 'agent' && subscription.type === 'notifications' && event.agentId === viewer.agentId
    );
  }
  if (viewer.type === 'contact' && event.audience !== 'public') return false;
  if (subscription.type === 'ticket') return event.ticketId === subscription.ticketId;
  return subscription.type === 'queue' && event.ticketId !== null;
}

/** What a viewer may see of an event outside any subscription (the integrations' stream). */
export function eventVisibleTo(event: RealtimeEvent, viewer: Viewer): boolean {
  if (event.agentId !== null) return viewer.type === 'agent' && event.agentId === viewer.agentId;
  return viewer.type === 'agent' || event.audience === 'public';
}
