import type { Queryable } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import type { StatusCategory } from './ticket-settings.schemas.ts';

type DefaultStatus = {
  name: string;
  color: string;
  category: StatusCategory;
  pausesSla?: boolean;
  isDefault?: boolean;
};

// A workflow most support teams start from; admins rename, reorder, add and remove from here.
const DEFAULT_STATUSES: DefaultStatus[] = [
  { name: 'Open', color: '#2563eb', category: 'open', isDefault: true },
  { name: 'In progress', color: '#7c3aed', category: 'open' },
  { name: 'Waiting on customer', color: '#d97706', category: 'pending', pausesSla: true },
  { name: 'Resolved', color: '#16a34a', category: 'solved' },
  { name: 'Closed', color: '#4b5563', category: 'closed' },
];

const DEFAULT_PRIORITIES = [
  { name: 'Low', color: '#64748b', rank: 10 },
  { name: 'Normal', color: '#3b82f6', rank: 20, isDefault: true },
  { name: 'High', color: '#f97316', rank: 30 },
  { name: 'Urgent', color: '#dc2626', rank: 40 },
];

export async function createDefaultTicketSettings(tx: Queryable, organizationId: string): Promise<void> {
  for (const [index, status] of DEFAULT_STATUSES.entries()) {
    await tx.query(
      `insert into ticket_statuses
         (organization_id, id, name, color, position, category, pauses_sla, is_default_for_new)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        organizationId,
        newId(),
        status.name,
        status.color,
        index + 1,
        status.category,
        status.pausesSla ?? false,
        status.isDefault ?? false,
      ],
    );
  }
  for (const [index, priority] of DEFAULT_PRIORITIES.entries()) {
    await tx.query(
      `insert into ticket_priorities (organization_id, id, name, color, position, rank, is_default)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        organizationId,
        newId(),
        priority.name,
        priority.color,
        index + 1,
        priority.rank,
        priority.isDefault ?? false,
      ],
    );
  }
}
