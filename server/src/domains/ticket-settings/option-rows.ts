import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { Priority, Status, StatusCategory } from './ticket-settings.schemas.ts';

type StatusRow = {
  id: string;
  name: string;
  color: string;
  position: number;
  category: StatusCategory;
  pauses_sla: boolean;
  is_default_for_new: boolean;
  created_at: Date;
};

type PriorityRow = {
  id: string;
  name: string;
  color: string;
  position: number;
  rank: number;
  is_default: boolean;
  created_at: Date;
};

const STATUS_COLUMNS = 'id, name, color, position, category, pauses_sla, is_default_for_new, created_at';
const PRIORITY_COLUMNS = 'id, name, color, position, rank, is_default, created_at';

const toStatus = (row: StatusRow): Status => ({
  id: row.id,
  name: row.name,
  color: row.color,
  position: row.position,
  category: row.category,
  pausesSla: row.pauses_sla,
  isDefaultForNew: row.is_default_for_new,
  createdAt: row.created_at.toISOString(),
});

const toPriority = (row: PriorityRow): Priority => ({
  id: row.id,
  name: row.name,
  color: row.color,
  position: row.position,
  rank: row.rank,
  isDefault: row.is_default,
  createdAt: row.created_at.toISOString(),
});

export async function listStatuses(tx: Queryable, organizationId: string): Promise<Status[]> {
  const rows = await tx.query<StatusRow>(
    `select ${STATUS_COLUMNS} from ticket_statuses where organization_id = $1 order by position, id`,
    [organizationId],
  );
  return rows.map(toStatus);
}

export async function getStatus(tx: Queryable, organizationId: string, id: string): Promise<Status> {
  const [row] = await tx.query<StatusRow>(
    `select ${STATUS_COLUMNS} from ticket_statuses where organization_id = $1 and id = $2`,
    [organizationId, id],
  );
  if (!row) throw notFound('Status');
  return toStatus(row);
}

export async function listPriorities(tx: Queryable, organizationId: string): Promise<Priority[]> {
  const rows = await tx.query<PriorityRow>(
    `select ${PRIORITY_COLUMNS} from ticket_priorities where organization_id = $1 order by position, id`,
    [organizationId],
  );
  return rows.map(toPriority);
}

export async function getPriority(tx: Queryable, organizationId: string, id: string): Promise<Priority> {
  const [row] = await tx.query<PriorityRow>(
    `select ${PRIORITY_COLUMNS} from ticket_priorities where organization_id = $1 and id = $2`,
    [organizationId, id],
  );
  if (!row) throw notFound('Priority');
  return toPriority(row);
}
