/**
 * The only reader of `process.env`. Every setting is parsed once, with Zod, into a typed object.
 * Defaults give a working zero-setup system (PGlite in ./.waymark, demo network, port 3000).
 */
import path from 'node:path';
import { z } from 'zod';

const ZBooleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WAYMARK_PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  WAYMARK_DATA_DIR: z.string().min(1).default('./.waymark'),
  WAYMARK_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  WAYMARK_DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL role name')
    .default('waymark_app'),
  WAYMARK_DB_MIGRATE_ON_START: ZBooleanFlag.default(true),
  WAYMARK_DEMO: ZBooleanFlag.optional(),
  WAYMARK_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  WAYMARK_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 random bytes, base64 encoded (openssl rand -base64 32)')
    .optional(),
  WAYMARK_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  WAYMARK_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  WAYMARK_COOKIE_SECURE: ZBooleanFlag.optional(),
  WAYMARK_TRUST_PROXY: ZBooleanFlag.default(false),
  WAYMARK_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  WAYMARK_ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  WAYMARK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  WAYMARK_UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  WAYMARK_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WAYMARK_MAIL_FROM: z.string().min(3).default('Waymark <no-reply@waymark.invalid>'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  WAYMARK_OUTBOX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  WAYMARK_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type TEnv = z.infer<typeof ZEnv>;

export interface Config {
  env: TEnv['NODE_ENV'];
  isProduction: boolean;
  host: string;
  port: number;
  publicUrl: string;
  database:
    | { engine: 'pglite'; dataDir: string }
    | { engine: 'postgres'; url: string; poolMax: number; dataDir: string };
  appRole: string;
  migrateOnStart: boolean;
  demo: { enabled: boolean; password: string | undefined };
  secretKey: string | undefined;
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  trustProxy: boolean;
  loginRateLimitPerMinute: number;
  argon2Concurrency: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  metricsToken: string | undefined;
  mail: { from: string; smtpUrl: string | undefined; intervalSeconds: number; maxAttempts: number };
  logLevel: TEnv['LOG_LEVEL'];
  version: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parse an environment (normally `process.env`) into a Config, or throw ConfigError naming each bad variable. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  // Empty strings mean "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const e = parsed.data;
  const publicUrl = (e.WAYMARK_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const dataDir = path.resolve(e.WAYMARK_DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    database: e.DATABASE_URL
      ? { engine: 'postgres', url: e.DATABASE_URL, poolMax: e.WAYMARK_DB_POOL_MAX, dataDir }
      : { engine: 'pglite', dataDir },
    appRole: e.WAYMARK_DB_APP_ROLE,
    migrateOnStart: e.WAYMARK_DB_MIGRATE_ON_START,
    // A demo network is for evaluation: off in production unless asked for explicitly.
    demo: { enabled: e.WAYMARK_DEMO ?? e.NODE_ENV !== 'production', password: e.WAYMARK_DEMO_PASSWORD },
    secretKey: e.WAYMARK_SECRET_KEY,
    session: {
      idleMinutes: e.WAYMARK_SESSION_IDLE_MINUTES,
      maxHours: e.WAYMARK_SESSION_MAX_HOURS,
      cookieSecure: e.WAYMARK_COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    },
    trustProxy: e.WAYMARK_TRUST_PROXY,
    loginRateLimitPerMinute: e.WAYMARK_LOGIN_RATE_LIMIT,
    argon2Concurrency: e.WAYMARK_ARGON2_CONCURRENCY,
    bodyLimitBytes: e.WAYMARK_BODY_LIMIT_BYTES,
    uploadLimitBytes: e.WAYMARK_UPLOAD_LIMIT_BYTES,
    metricsToken: e.WAYMARK_METRICS_TOKEN,
    mail: {
      from: e.WAYMARK_MAIL_FROM,
      smtpUrl: e.SMTP_URL,
      intervalSeconds: e.WAYMARK_OUTBOX_INTERVAL_SECONDS,
      maxAttempts: e.WAYMARK_OUTBOX_MAX_ATTEMPTS,
    },
    logLevel: e.LOG_LEVEL,
    version: WAYMARK_VERSION,
    ...overrides,
  };
  if (config.isProduction && config.database.engine === 'postgres' && !config.secretKey) {
    throw new ConfigError([
      {
        variable: 'WAYMARK_SECRET_KEY',
        message: 'is required in production with PostgreSQL (openssl rand -base64 32)',
      },
    ]);
  }
  return config;
}

/** Kept in step with package.json by a unit test. */
export const WAYMARK_VERSION = '0.1.0';
