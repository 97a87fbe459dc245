import pino from 'pino';
import { buildApp } from '../../app.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { withoutTenant } from '../../db/tenant.ts';
import { progressBar } from '../../lib/progress-bar.ts';
import { countWaiting, importMail, importSources, outcomesOf } from './import-mail.ts';

/**
 * `actionconnect mail import DIR|MBOX --org SLUG`: stores every message, then runs the email job
 * worker in this process until each new message is processed (another running server's workers
 * may take some of them: the wait is on the messages' state, whoever processes them).
 */
export async function mailImportCommand(
  config: Config,
  db: Database,
  input: { location: string; slug: string },
): Promise<{ ok: boolean }> {
  const organizationId = await organizationOfSlug(db, input.slug);
  // Warnings go to stderr so that stdout stays the command's own report.
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const app = await buildApp({ config: { ...config, jobWorkers: true }, db, logger });
  const out = process.stdout;
  try {
    const sources = await importSources(input.location);
    const importing = progressBar(out, 'Importing', sources.length);
    const summary = await importMail(app, { organizationId, sources, onProgress: importing.update });
    importing.finish();
    out.write(
      `Imported: ${summary.imported}, duplicates: ${summary.duplicates}, failed: ${summary.failed.length}\n`,
    );
    for (const failure of summary.failed) out.write(`  failed: ${failure.name}: ${failure.error}\n`);
    if (summary.ids.length > 0) {
      const processing = progressBar(out, 'Processing', summary.ids.length);
      for (;;) {
        const waiting = await countWaiting(db, organizationId, summary.ids);
        processing.update(summary.ids.length - waiting);
        if (waiting === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      processing.finish();
      for (const row of await outcomesOf(db, organizationId, summary.ids)) {
        out.write(`  ${row.state}${row.outcome ? ` (${row.outcome})` : ''}: ${row.count}\n`);
      }
    }
    return { ok: summary.failed.length === 0 };
  } finally {
    await app.close();
  }
}

async function organizationOfSlug(db: Database, slug: string): Promise<string> {
  const [row] = await withoutTenant(db, (tx) =>
    tx.query<{ id: string }>('select id from organizations where slug = $1', [slug]),
  );
  if (!row) throw new Error(`No organization with the slug ${slug}`);
  return row.id;
}
