import pino, { type Logger } from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { startImapPolling } from './domains/email/imap-poller.ts';
import { startSmtpIntake } from './domains/email/smtp-intake.ts';
import { DEMO_LOGINS, DEMO_SLUG, seedDemo } from './domains/organizations/seed-demo.ts';

export const createLogger = (config: Config): Logger =>
  pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
  });

/** How soon an IMAP account added or changed by an admin is picked up. */
const IMAP_RESCAN_SECONDS = 15;

/** Boot: config → logger → database → migrations → HTTP. Stops cleanly on SIGTERM and SIGINT. */
export async function start(config: Config, options: { seedDemo: boolean }): Promise<void> {
  const logger = createLogger(config);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ database: db.kind, dataDir: config.dataDir }, 'database open');
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const app = await buildApp({ config, db, logger });
  if (options.seedDemo) {
    const { created } = await seedDemo(app, config.publicUrl);
    if (created) logger.info({ slug: DEMO_SLUG }, 'demo organization created');
  }
  await app.listen({ port: config.port, host: config.host });
  const smtp = config.smtpIntake
    ? await startSmtpIntake(app, { ...config.smtpIntake, maxBytes: config.emailMaxBytes, logger })
    : null;
  // IMAP mailboxes are read by the processes that run background work, like the email jobs.
  const imap = config.jobWorkers
    ? startImapPolling(
        {
          db,
          storage: app.storage,
          jobs: app.jobs,
          logger,
          secretKey: config.secretKey,
          maxBytes: config.emailMaxBytes,
        },
        { rescanSeconds: IMAP_RESCAN_SECONDS },
      )
    : null;
  if (options.seedDemo) printDemoBanner(config);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await smtp?.close();
    await imap?.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printDemoBanner(config: Config): void {
  const lines = [
    '',
    `ActionConnect is running at ${config.publicUrl}`,
    `API: ${config.publicUrl}/api/v1 (OpenAPI document at ${config.publicUrl}/api/v1/openapi.json)`,
    `Demo organization "${DEMO_SLUG}", sign in with:`,
    ...DEMO_LOGINS.map((login) => `  ${login.role.padEnd(6)} ${login.email} / ${login.password}`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
