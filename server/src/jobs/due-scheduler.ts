import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.ts';

/** Rows checked per round; a backlog (after downtime) is worked through round after round. */
export const DUE_BATCH = 200;
// A ticket that fails its check stays due; this bounds one run's retries of it.
const MAX_ROUNDS = 50;

export type DueScheduler = {
  /** Checks every ticket due by the clock's now; answers how many it checked. */
  runDue(): Promise<number>;
  stop(): Promise<void>;
};

export type DueWork = {
  /** Names the work in logs ("SLA check"). */
  label: string;
  /**
   * `select organization_id, ticket_id … where <instant> <= $1 order by <instant> limit DUE_BATCH`,
   * answered from an index on the instant, so its cost follows what is due, not what is open.
   */
  dueSql: string;
  /** `select min(<instant>) as next …`: the earliest instant anything becomes due. */
  nextSql: string;
  /** One organization's due tickets, in its own tenant transaction(s). */
  check(organizationId: string, ticketIds: string[]): Promise<void>;
};

/**
 * Sleeps until the earliest due instant of a table, by the database clock's now, then checks the
 * tickets due, organization by organization. Instants another process writes are seen at the next
 * look, at most `pollSeconds` later. Every process may run one: the checks lock the tickets and must
 * leave them no longer due, so each thing due is done once. Shared by the SLA timers and the
 * automations' time triggers.
 */
export function startDueScheduler(
  db: Database,
  work: DueWork,
  options: { logger: FastifyBaseLogger; pollSeconds: number },
): DueScheduler {
  let timeout: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();

  const runDue = async (): Promise<number> => {
    let checked = 0;
    for (let rounds = 0; rounds < MAX_ROUNDS; rounds++) {
      const { byOrganization, rows } = await dueTickets(db, work.dueSql, db.clock());
      for (const [organizationId, ticketIds] of byOrganization) {
        await work
          .check(organizationId, ticketIds)
          .catch((error) =>
            options.logger.error({ err: error, organizationId, ticketIds }, `${work.label} failed`),
          );
        checked += ticketIds.length;
      }
      if (rows < DUE_BATCH) break;
    }
    return checked;
  };

  const loop = async () => {
    try {
      await runDue();
      const next = await nextDue(db, work.nextSql);
      const wait = next ? Math.max(0, next.getTime() - db.clock().getTime()) : Number.POSITIVE_INFINITY;
      schedule(Math.min(wait, options.pollSeconds * 1000));
    } catch (error) {
      options.logger.error({ err: error }, `${work.label} failed; trying again`);
      schedule(options.pollSeconds * 1000);
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timeout = setTimeout(() => {
      round = loop();
    }, ms);
  };
  schedule(0);

  return {
    runDue,
    stop: async () => {
      stopped = true;
      clearTimeout(timeout);
      await round;
    },
  };
}

/** The tickets due by `now`, by organization (read across organizations: the scheduler's one wide look). */
async function dueTickets(
  db: Database,
  dueSql: string,
  now: Date,
): Promise<{ byOrganization: Map<string, string[]>; rows: number }> {
  const rows = await db.query<{ organization_id: string; ticket_id: string }>(dueSql, [now]);
  const byOrganization = new Map<string, string[]>();
  for (const { organization_id, ticket_id } of rows) {
    const ids = byOrganization.get(organization_id) ?? [];
    if (!ids.includes(ticket_id)) ids.push(ticket_id);
    byOrganization.set(organization_id, ids);
  }
  return { byOrganization, rows: rows.length };
}

/** When the earliest row becomes due; null when none will. */
export async function nextDue(db: Database, nextSql: string): Promise<Date | null> {
  const [row] = await db.query<{ next: Date | null }>(nextSql);
  return row?.next ?? null;
}
