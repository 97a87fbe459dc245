import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { describeEmail } from './domains/email/describe-email.ts';
import { mailImportCommand } from './domains/email/mail-import-command.ts';
import { DEMO_LOGINS, seedDemo } from './domains/organizations/seed-demo.ts';
import { signUp } from './domains/organizations/sign-up.ts';
import { slaCalcCommand } from './domains/sla/sla-calc-command.ts';
import { start } from './main.ts';

const USAGE = `Usage: actionconnect <command> [options]

Commands:
  start [--seed-demo]     migrate, then serve the API (with --seed-demo: create the demo organization once)
  migrate                 apply pending database migrations and exit
  seed-demo               create the demo organization if it does not exist
  create-org --name NAME --email EMAIL [--owner-name NAME] [--slug SLUG]
                          create an organization and print its owner's credentials
  mail parse FILE [--ip IP --helo NAME [--sender ADDRESS]]
                          print a raw email (.eml) as the email channel reads it, as JSON; with the
                          connection it came from, also its SPF, DKIM and DMARC results (live DNS)
  mail import DIR|MBOX --org SLUG
                          import a folder of .eml files or an mbox file into an organization through
                          the email pipeline (new tickets and replies), and wait until it is processed
  sla calc                read a JSON array of business-hours cases on stdin, print the JSON array of
                          answers (due times or business minutes; see docs/sla.md); needs no database

Configuration comes from environment variables and an optional .env file (see README.md).`;

async function withDatabase<T>(
  config: Config,
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

async function run(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'seed-demo': { type: 'boolean', default: false },
      name: { type: 'string' },
      email: { type: 'string' },
      'owner-name': { type: 'string' },
      slug: { type: 'string' },
      ip: { type: 'string' },
      helo: { type: 'string' },
      sender: { type: 'string' },
      org: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // A pure calculation: no configuration or database needed.
  if (command === 'sla') return slaCommand(positionals.slice(1));
  const config = loadConfig(process.env, { dotenv: true });
  switch (command) {
    case 'start':
      return start(config, { seedDemo: values['seed-demo'] ?? false });
    case 'migrate': {
      const applied = await withDatabase(config, migrate);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return;
    }
    case 'seed-demo': {
      const { created } = await withDatabase(config, async (db) => {
        // The demo's SLA policy queues its recomputation: the app brings the job queue (no workers).
        const logger = pino({ level: 'warn' }, pino.destination(2));
        const app = await buildApp({ config: { ...config, jobWorkers: false }, db, logger });
        try {
          return await seedDemo(app, config.publicUrl);
        } finally {
          await app.close();
        }
      });
      process.stdout.write(created ? 'Demo organization created.\n' : 'Demo organization already exists.\n');
      for (const login of DEMO_LOGINS) process.stdout.write(`  ${login.email} / ${login.password}\n`);
      return;
    }
    case 'create-org':
      return createOrganizationCommand(config, values);
    case 'mail':
      return mailCommand(config, positionals.slice(1), values);
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

async function createOrganizationCommand(
  config: Config,
  values: { name?: string; email?: string; 'owner-name'?: string; slug?: string },
): Promise<void> {
  if (!values.name || !values.email) throw new UsageError('create-org needs --name and --email');
  const password = randomBytes(15).toString('base64url');
  const { email, name } = values;
  const created = await withDatabase(config, (db) =>
    signUp(db, {
      organizationName: name,
      slug: values.slug,
      name: values['owner-name'] ?? email.split('@')[0] ?? email,
      email,
      password,
    }),
  );
  process.stdout.write(
    `Organization created: ${created.slug} (${created.organizationId})\nOwner: ${email}\nPassword: ${password}\n`,
  );
}

async function mailCommand(
  config: Config,
  [subcommand, file]: string[],
  values: { ip?: string; helo?: string; sender?: string; org?: string },
): Promise<void> {
  if (subcommand === 'import') {
    if (!file || !values.org) throw new UsageError('mail import needs a folder or mbox file and --org SLUG');
    const location = file;
    const slug = values.org;
    const { ok } = await withDatabase(config, (db) => mailImportCommand(config, db, { location, slug }));
    if (!ok) process.exitCode = 1;
    return;
  }
  if (subcommand !== 'parse' || !file)
    throw new UsageError('mail needs a subcommand: mail parse FILE, or mail import DIR|MBOX --org SLUG');
  const connection = values.ip
    ? { ip: values.ip, helo: values.helo ?? values.ip, mtaHostname: hostname(), sender: values.sender ?? '' }
    : undefined;
  const description = await describeEmail(await readFile(file), connection);
  process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
}

async function slaCommand([subcommand]: string[]): Promise<void> {
  if (subcommand !== 'calc') throw new UsageError('sla needs a subcommand: sla calc (cases on stdin)');
  const input = await text(process.stdin);
  process.stdout.write(`${JSON.stringify(slaCalcCommand(input), null, 2)}\n`);
}

class UsageError extends Error {}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}\n`);
  else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
