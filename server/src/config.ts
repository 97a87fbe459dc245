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
  STORAGE_DRIVER: Type.Union([Type.Literal('local'), Type.Literal('s3')], { default: 'local' }),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  S3_REGION: Type.String({ default: 'us-east-1', minLength: 1 }),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 1 })),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_PREFIX: Type.String({ default: '', pattern: '^(?!/)' }),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  ATTACHMENT_MAX_BYTES: Type.Integer({ default: 25 * 1024 * 1024, minimum: 1 }),
  ATTACHMENT_QUOTA_BYTES: Type.Integer({ default: 10 * 1024 * 1024 * 1024, minimum: 0 }),
  JOB_POLL_SECONDS: Type.Number({ default: 2, minimum: 0.5 }),
  JOB_WORKERS: Type.Boolean({ default: true }),
  SMTP_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  SMTP_HOST: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  EMAIL_MAX_BYTES: Type.Integer({ default: 40 * 1024 * 1024, minimum: 1024 }),
  EMAIL_SENDER_CHECKS: Type.Boolean({ default: true }),
  SMTP_RELAY_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  EMAIL_RETRY_SECONDS: Type.Integer({ default: 60, minimum: 1 }),
  WEBHOOK_RETRY_SECONDS: Type.Integer({ default: 30, minimum: 1 }),
  WEBHOOK_ALLOW_HTTP_LOOPBACK: Type.Boolean({ default: false }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REALTIME_PRESENCE_TTL_SECONDS: Type.Number({ default: 30, minimum: 0.1 }),
  REALTIME_RETENTION_DAYS: Type.Integer({ default: 7, minimum: 1 }),
});

type Env = Static<typeof EnvSchema>;

/** Where stored files (attachments, later raw emails) go: a folder under DATA_DIR, or an S3-compatible bucket. */
export type StorageConfig =
  | { driver: 'local'; directory: string }
  | {
      driver: 's3';
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      prefix: string;
      forcePathStyle: boolean;
    };

/** The SMTP intake: off unless SMTP_PORT is set; STARTTLS when a key and certificate are given. */
export type SmtpIntakeConfig = {
  port: number;
  host: string;
  tls: { keyFile: string; certFile: string } | null;
};

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
  storage: StorageConfig;
  /** Instance-wide attachment limits; an organization may set lower ones. */
  attachmentMaxBytes: number;
  attachmentQuotaBytes: number;
  /** Cookies carry Secure unless the product is reached over plain http on a non-local host. */
  secureCookies: boolean;
  /** How often idle job workers look for work (a job sent by this process wakes them at once). */
  jobPollSeconds: number;
  /** false: this process serves requests and enqueues jobs but runs none (other processes do). */
  jobWorkers: boolean;
  smtpIntake: SmtpIntakeConfig | null;
  /** Largest email accepted by any intake (SMTP, IMAP, HTTP). */
  emailMaxBytes: number;
  /** SPF, DKIM and DMARC on mail received over SMTP (DNS lookups); off where there is no DNS. */
  emailSenderChecks: boolean;
  /** The system's SMTP relay for organizations without their own server; null: outbound mail is not sent. */
  smtpRelayUrl: string | null;
  /** First wait before a failed send is retried; each retry waits about twice as long. */
  emailSendRetrySeconds: number;
  /** First wait before a failed automation webhook call is retried; each retry waits about twice as long. */
  webhookRetrySeconds: number;
  /** Webhooks are https only; this also lets rules call http://127.0.0.1, ::1 or localhost (tests, local tools). */
  webhookAllowHttpLoopback: boolean;
  /** Real-time fan-out across processes through Redis pub/sub (and shared presence); null: in-process. */
  redisUrl: string | null;
  /** A viewer without a heartbeat for this long leaves a ticket's presence (heartbeats come every ~10 s). */
  realtimePresenceTtlSeconds: number;
  /** Realtime events older than this are pruned; a client further behind is told to refetch. */
  realtimeRetentionDays: number;
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
    storage: storageConfig(parsed, dataDir),
    attachmentMaxBytes: parsed.ATTACHMENT_MAX_BYTES,
    attachmentQuotaBytes: parsed.ATTACHMENT_QUOTA_BYTES,
    secureCookies: isSecureOrigin(publicUrl),
    jobPollSeconds: parsed.JOB_POLL_SECONDS,
    jobWorkers: parsed.JOB_WORKERS,
    smtpIntake: smtpIntakeConfig(parsed),
    emailMaxBytes: parsed.EMAIL_MAX_BYTES,
    emailSenderChecks: parsed.EMAIL_SENDER_CHECKS,
    smtpRelayUrl: parsed.SMTP_RELAY_URL ?? null,
    emailSendRetrySeconds: parsed.EMAIL_RETRY_SECONDS,
    webhookRetrySeconds: parsed.WEBHOOK_RETRY_SECONDS,
    webhookAllowHttpLoopback: parsed.WEBHOOK_ALLOW_HTTP_LOOPBACK,
    redisUrl: parsed.REDIS_URL ?? null,
    realtimePresenceTtlSeconds: parsed.REALTIME_PRESENCE_TTL_SECONDS,
    realtimeRetentionDays: parsed.REALTIME_RETENTION_DAYS,
  };
}

function smtpIntakeConfig(parsed: Env): SmtpIntakeConfig | null {
  if (parsed.SMTP_PORT === undefined) return null;
  const { SMTP_TLS_KEY_FILE: keyFile, SMTP_TLS_CERT_FILE: certFile } = parsed;
  if (Boolean(keyFile) !== Boolean(certFile)) {
    throw new ConfigError(
      'Invalid configuration: STARTTLS needs both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE',
    );
  }
  return {
    port: parsed.SMTP_PORT,
    host: parsed.SMTP_HOST ?? parsed.HOST,
    tls: keyFile && certFile ? { keyFile, certFile } : null,
  };
}

function storageConfig(parsed: Env, dataDir: string): StorageConfig {
  if (parsed.STORAGE_DRIVER === 'local')
    return { driver: 'local', directory: path.join(dataDir, 'attachments') };
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = parsed;
  // Without these the first upload would fail; say so at start instead.
  if (!bucket || !accessKeyId || !secretAccessKey) {
    throw new ConfigError(
      'Invalid configuration: STORAGE_DRIVER=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    driver: 's3',
    endpoint: parsed.S3_ENDPOINT ?? null,
    region: parsed.S3_REGION,
    bucket,
    accessKeyId,
    secretAccessKey,
    prefix: parsed.S3_PREFIX,
    forcePathStyle: parsed.S3_FORCE_PATH_STYLE,
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
