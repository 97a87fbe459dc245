import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import envSchema from 'env-schema';
import { type Static, Type } from 'typebox';

// The only reader of process.env. Every setting the server knows is here, with its default.
const EnvSchema = Type.Object({
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32 })),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  SESSION_TTL_HOURS: Type.Integer({ default: 336, minimum: 1 }),
  LOGIN_MAX_ATTEMPTS: Type.Integer({ default: 5, minimum: 1 }),
  LOGIN_LOCKOUT_MINUTES: Type.Integer({ default: 15, minimum: 1 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
});

type Env = Static<typeof EnvSchema>;

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  publicUrl: string;
  secretKey: string;
  logLevel: Env['LOG_LEVEL'];
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginLockoutMinutes: number;
  trustProxy: boolean;
  /** Cookies carry Secure unless the product is reached over plain http on a non-local host. */
  secureCookies: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  let parsed: Env;
  try {
    parsed = envSchema<Env>({ schema: EnvSchema, data: env, env: false, dotenv: options.dotenv ?? false });
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
  const dataDir = path.resolve(parsed.DATA_DIR);
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, '');
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL ?? null,
    dataDir,
    publicUrl,
    secretKey: parsed.SECRET_KEY ?? readOrCreateSecretKey(dataDir),
    logLevel: parsed.LOG_LEVEL,
    sessionTtlHours: parsed.SESSION_TTL_HOURS,
    loginMaxAttempts: parsed.LOGIN_MAX_ATTEMPTS,
    loginLockoutMinutes: parsed.LOGIN_LOCKOUT_MINUTES,
    trustProxy: parsed.TRUST_PROXY,
    secureCookies: isSecureOrigin(publicUrl),
  };
}

function isSecureOrigin(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  // Browsers treat localhost as a secure context, so Secure cookies still work over http there.
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** A secret generated on first start and kept in the data folder, so restarts keep signed links valid. */
function readOrCreateSecretKey(dataDir: string): string {
  const file = path.join(dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
