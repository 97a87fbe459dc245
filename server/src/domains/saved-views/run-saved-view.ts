import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { PageOf } from '../../lib/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { listTickets, type TicketListRequest } from '../tickets/list-tickets.ts';
import type { QueueTicket } from '../tickets/tickets.schemas.ts';
import { findVisibleView } from './saved-view-rows.ts';

/** Runs a view: its filters and sort, paged like GET /tickets; `me` is the agent asking. */
export async function runSavedView(
  db: Database,
  input: { actor: Actor; viewId: string; page: Pick<TicketListRequest, 'limit' | 'cursor'> },
): Promise<PageOf<QueueTicket>> {
  const { actor } = input;
  const view = await withTenant(db, actor.organizationId, (tx) => findVisibleView(tx, actor, input.viewId));
  return listTickets(db, {
    viewer: actor,
    request: { ...view.filters, sort: view.sort, order: view.sort_order, ...input.page },
  });
}
