import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { groupBy } from '../../lib/group-by.ts';
import { togetherOrAlone } from '../../lib/together-or-alone.ts';
import { PROCESS_INBOUND_EMAIL } from './email-queues.ts';

/** One stored raw message, as its row in inbound_emails is written. */
export type InboundEmailRow = {
  organizationId: string;
  id: string;
  supportAddressId: string | null;
  receivedVia: 'smtp' | 'imap' | 'http' | 'import';
  /** The bytes, kept in the row; null when they are in storage under `storageKey`. */
  raw: Buffer | null;
  storageKey: string | null;
  sha256: string;
  sizeBytes: number;
  envelopeFrom: string | null;
  envelopeTo: readonly string[];
  remoteAddress: string | null;
  helo: string | null;
};

type Waiting = { row: InboundEmailRow; settle: (inserted: boolean) => void; fail: (error: unknown) => void };

type Recorder = (row: InboundEmailRow) => Promise<boolean>;

const recorders = new WeakMap<Database, Recorder>();

/**
 * Records a stored message and enqueues its processing; answers false when the same bytes were
 * recorded before. Messages arriving while the commits under way are busy wait for the next one and
 * are committed together (group commit): every sender still hears back only after its own row and
 * job are durable, but concurrent SMTP sessions share one transaction instead of one each.
 */
export function recordInboundEmail(deps: { db: Database; jobs: JobQueue }, row: InboundEmailRow) {
  let record = recorders.get(deps.db);
  if (!record) {
    record = groupCommitter(deps);
    recorders.set(deps.db, record);
  }
  return record(row);
}

// One commit at a time: the messages that arrive meanwhile make the next group. Two at once (so a
// message never waited for a whole commit before its own started) made groups of 2.1 messages
// instead of 3.4 and cost PostgreSQL 0.64-0.69 ms of CPU a message instead of 0.43-0.47, with
// acceptance no faster (docs/benchmarks.md).
const COMMITS_IN_FLIGHT = 1;

function groupCommitter(deps: { db: Database; jobs: JobQueue }): Recorder {
  let waiting: Waiting[] = [];
  let inFlight = 0;
  const drain = () => {
    while (waiting.length > 0 && inFlight < COMMITS_IN_FLIGHT) {
      const group = waiting;
      waiting = [];
      inFlight++;
      void commitGroup(deps, group).finally(() => {
        inFlight--;
        drain();
      });
    }
  };
  return (row) =>
    new Promise((settle, fail) => {
      waiting.push({ row, settle, fail });
      drain();
    });
}

/** One transaction per organization in the group; a group that fails is retried one message at a time. */
async function commitGroup(deps: { db: Database; jobs: JobQueue }, group: Waiting[]): Promise<void> {
  for (const [organizationId, members] of groupBy(group, (waiting) => waiting.row.organizationId)) {
    const failures = await togetherOrAlone(members, async (some) => {
      const inserted = await insertRows(deps, organizationId, some);
      for (const member of some) member.settle(inserted.has(member.row.id));
    });
    for (const [member, error] of failures) member.fail(error);
  }
  deps.jobs.wake(PROCESS_INBOUND_EMAIL.name);
}

async function insertRows(
  deps: { db: Database; jobs: JobQueue },
  organizationId: string,
  members: readonly Waiting[],
): Promise<Set<string>> {
  const { described, bytes } = describeRows(members.map((member) => member.row));
  return withTenant(deps.db, organizationId, async (tx) => {
    // Sent together, in one write after `begin`: a job is written for every message, also for one
    // whose bytes turn out to be recorded already (its row is not inserted, so its job finds nothing
    // waiting under its id and ends), rather than waiting for the insert's answer to leave it out.
    const [rows] = await Promise.all([
      tx.query<{ id: string }>(
        `insert into inbound_emails (organization_id, id, support_address_id, received_via, raw, storage_key,
                                     sha256, size_bytes, envelope_from, envelope_to, remote_address, helo)
         select "organizationId", id, "supportAddressId", "receivedVia",
                case when "rawFrom" is not null then substring($2::bytea from "rawFrom" for "sizeBytes") end,
                "storageKey", sha256, "sizeBytes", "envelopeFrom", "envelopeTo", "remoteAddress", helo
           from jsonb_to_recordset($1::jsonb) as row ("organizationId" uuid, id uuid, "supportAddressId" uuid,
                "receivedVia" text, "rawFrom" int, "storageKey" text, sha256 text, "sizeBytes" int,
                "envelopeFrom" text, "envelopeTo" text[], "remoteAddress" text, helo text)
         on conflict (organization_id, sha256) do nothing
         returning id`,
        [described, bytes],
      ),
      deps.jobs.sendMany(
        tx,
        PROCESS_INBOUND_EMAIL.name,
        members.map((member) => ({ organizationId, inboundEmailId: member.row.id })),
      ),
    ]);
    return new Set(rows.map((row) => row.id));
  });
}

/**
 * The rows as JSON, and their raw bytes one after another in a single binary parameter, each row
 * naming where its own start (1-based, as SQL's substring counts): bytes in JSON would be hex or
 * base64, twice the size or more, encoded here and decoded there.
 */
function describeRows(rows: readonly InboundEmailRow[]): { described: string; bytes: Buffer } {
  let rawFrom = 1;
  const described = rows.map(({ raw, ...row }) => {
    if (!raw) return { ...row, rawFrom: null };
    const at = rawFrom;
    rawFrom += raw.length;
    return { ...row, rawFrom: at };
  });
  const bytes = Buffer.concat(rows.flatMap((row) => (row.raw ? [row.raw] : [])));
  return { described: JSON.stringify(described), bytes };
}
