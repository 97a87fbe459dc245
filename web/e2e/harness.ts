// Shared by the browser tests: the REAL server (the `actionconnect start` command on a fresh data
// folder, seeded with the demo organization) and Debian's Chromium driven by playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT_DIR = path.join(web, 'test-output');

/** Why the browser tests cannot run here, or null. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM))
    return `${CHROMIUM} is missing (apt-get install -y chromium); browser tests skipped`;
  if (!existsSync(path.join(web, 'dist/index.html'))) return 'web/dist is missing (npm run build -w web)';
  return null;
}

/** A browser suite's options: skipped when it cannot run here, with a notice printed, never silently. */
export function browserSuite(): { skip: string | false } {
  const reason = skipReason();
  if (reason) console.log(`\n  ⚠ SKIPPED: ${reason}\n`);
  return { skip: reason ?? false };
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export type RunningServer = {
  url: string;
  /** Waits for a line of the server's output (stdout and stderr) that matches, and returns it. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
};

export type ServerOptions = {
  /** `info` makes the server log what only info lines carry (e.g. links the email issue will send). */
  logLevel?: 'info' | 'warn';
  /** A data folder prepared beforehand (and removed on stop), instead of a fresh one. */
  dataDir?: string;
  port?: number;
};

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'actionconnect-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  // A prepared data folder is an embedded database: the server must use it, not DATABASE_URL's.
  const { DATABASE_URL: _shared, ...inherited } = process.env;
  const database = options.dataDir ? null : await ownDatabase();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(web, '../server/bin/actionconnect.js'), 'start', '--seed-demo'],
    {
      env: {
        ...inherited,
        PORT: String(port),
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        LOG_LEVEL: options.logLevel ?? 'warn',
        SECRET_KEY: 'e2e-secret-key-that-is-long-enough-0123456789',
        ...(database ? { DATABASE_URL: database.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', (chunk: Buffer) => {
    collect(chunk);
    process.stderr.write(chunk);
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/ready`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() - started > 60_000) throw new Error('the server did not become ready in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    waitForLog: async (pattern, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = output.find((candidate) => pattern.test(candidate));
        if (line) return line;
        if (Date.now() > deadline)
          throw new Error(`no server log line matched ${pattern} in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

/**
 * On PostgreSQL (DATABASE_URL set), each server gets a fresh database of its own on that server, as
 * each gets a fresh data folder on PGlite: every journey starts from the same demo organization.
 */
async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const shared = process.env.DATABASE_URL;
  if (!shared) return null;
  const name = `actionconnect_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: shared });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; returns the serious and critical violations, described for an assert message. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

/** A signed-in API session, for setting up data the journey then finds through the browser. */
export async function apiSession(url: string, email: string, password: string) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
}

/** A signed-in API caller: `api<T>(method, path, body?)`. */
export type Api = Awaited<ReturnType<typeof apiSession>>;

// The demo organization's logins (server/src/domains/organizations/seed-demo.ts).
export const OWNER = { email: 'owner@demo.actionconnect.test', password: 'demo-owner-password' };
export const AGENT = { email: 'agent@demo.actionconnect.test', password: 'demo-agent-password' };

/**
 * Signs in through the sign-in page; without `next`, waits for the console's first queue (with it,
 * the caller waits for the page it asked for).
 */
export async function signIn(
  page: Page,
  url: string,
  who: { email: string; password: string },
  next?: string,
) {
  await page.goto(`${url}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (!next) await page.getByRole('heading', { name: 'My open tickets' }).waitFor();
}

/** Collects axe's serious and critical findings page by page, so a journey asserts once at its end. */
export function a11yLog(page: Page) {
  const found: string[] = [];
  return {
    found,
    check: async (name: string) => {
      found.push(...(await seriousA11yViolations(page)).map((violation) => `${name}: ${violation}`));
    },
  };
}
