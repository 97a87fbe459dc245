import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { acceptInboundEmail, type IntakeDeps } from './accept-inbound-email.ts';
import { splitMbox } from './mbox.ts';

export type ImportSource = { name: string; raw: () => Promise<Buffer> };

export type ImportSummary = {
  imported: number;
  duplicates: number;
  failed: { name: string; error: string }[];
  /** The new messages, whose processing the caller may wait for. */
  ids: string[];
};

/** A folder's `.eml` files (in name order), or the messages of an mbox file. */
export async function importSources(location: string): Promise<ImportSource[]> {
  if ((await stat(location)).isDirectory()) {
    const names = (await readdir(location)).filter((name) => name.toLowerCase().endsWith('.eml')).sort();
    return names.map((name) => ({ name, raw: () => readFile(path.join(location, name)) }));
  }
  const messages = splitMbox(await readFile(location));
  return messages.map((raw, index) => ({ name: `message ${index + 1}`, raw: async () => raw }));
}

/**
 * Feeds messages through the same intake as SMTP (stored, then processed by the email job), so a
 * migration makes the same tickets live mail would. The same message twice is one message.
 */
export async function importMail(
  deps: IntakeDeps,
  input: { organizationId: string; sources: ImportSource[]; onProgress?: (done: number) => void },
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, duplicates: 0, failed: [], ids: [] };
  for (const [index, source] of input.sources.entries()) {
    try {
      const raw = await source.raw();
      if (raw.length === 0) throw new Error('empty file');
      const accepted = await acceptInboundEmail(deps, {
        organizationId: input.organizationId,
        supportAddressId: null,
        raw,
        envelope: { via: 'import', from: null, to: [], remoteAddress: null, helo: null },
      });
      if (accepted.duplicate) summary.duplicates += 1;
      else {
        summary.imported += 1;
        summary.ids.push(accepted.id);
      }
    } catch (error) {
      summary.failed.push({
        name: source.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    input.onProgress?.(index + 1);
  }
  return summary;
}

/** How many of these messages are still waiting for their job. */
export async function countWaiting(db: Database, organizationId: string, ids: string[]): Promise<number> {
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<{ waiting: number }>(
      `select count(*)::int as waiting from inbound_emails
        where organization_id = $1 and id = any($2::uuid[]) and state = 'received'`,
      [organizationId, ids],
    ),
  );
  return row?.waiting ?? 0;
}

/** What processing made of them: `processed: new_ticket` → 12, `quarantined: dmarc_failed` → 1… */
export async function outcomesOf(
  db: Database,
  organizationId: string,
  ids: string[],
): Promise<{ state: string; outcome: string | null; count: number }[]> {
  return withTenant(db, organizationId, (tx) =>
    tx.query<{ state: string; outcome: string | null; count: number }>(
      `select state, outcome, count(*)::int as count from inbound_emails
        where organization_id = $1 and id = any($2::uuid[])
        group by state, outcome order by count(*) desc, state, outcome`,
      [organizationId, ids],
    ),
  );
}
