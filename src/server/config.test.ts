import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, WAYMARK_VERSION, loadConfig } from './config.js';

const KEY = 'q4bJb0cUq6yR3b6J1h0wJ3m0p8wYc5c3Yy3m8jH4k2E=';

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('gives a working zero-setup system without any variable', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ engine: 'pglite', dataDir: path.resolve('.waymark') });
    expect(c).toMatchObject({
      env: 'development',
      isProduction: false,
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      appRole: 'waymark_app',
      migrateOnStart: true,
      demo: { enabled: true, password: undefined },
      trustProxy: false,
      bodyLimitBytes: 1024 * 1024,
      uploadLimitBytes: 20 * 1024 * 1024,
      metricsToken: undefined,
      logLevel: 'info',
      version: WAYMARK_VERSION,
    });
    expect(c.session).toEqual({ idleMinutes: 30, maxHours: 12, cookieSecure: false });
    expect(c.mail.smtpUrl).toBeUndefined();
  });

  it('seeds no demo network in production unless asked to', () => {
    const secret = 'kQeOe3VRkR4Z5pCjK3Yb3w0yJv8Qm0bMyqzC8F6dQ1Q=';
    expect(loadConfig({ NODE_ENV: 'production' }).demo.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: '1' }).demo.enabled).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/w', WAYMARK_SECRET_KEY: secret }).demo
        .enabled,
    ).toBe(false);
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://waymark@db.internal:5432/waymark',
      WAYMARK_DB_POOL_MAX: '25',
    });
    expect(c.database).toMatchObject({
      engine: 'postgres',
      url: 'postgres://waymark@db.internal:5432/waymark',
      poolMax: 25,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/w' }).database.engine).toBe('postgres');
  });

  it('treats empty values as unset', () => {
    const c = loadConfig({ DATABASE_URL: '', PORT: '', WAYMARK_DEMO: '' });
    expect(c.database.engine).toBe('pglite');
    expect(c.port).toBe(3000);
    expect(c.demo.enabled).toBe(true);
  });

  it('reads flags, numbers and URLs', () => {
    const c = loadConfig({
      PORT: '8080',
      WAYMARK_DEMO: 'off',
      WAYMARK_TRUST_PROXY: 'yes',
      WAYMARK_PUBLIC_URL: 'https://waymark.example.org/',
      WAYMARK_BODY_LIMIT_BYTES: '2048',
      WAYMARK_METRICS_TOKEN: 'a-long-enough-operator-token',
    });
    expect(c).toMatchObject({
      port: 8080,
      demo: { enabled: false },
      trustProxy: true,
      publicUrl: 'https://waymark.example.org',
      bodyLimitBytes: 2048,
      metricsToken: 'a-long-enough-operator-token',
    });
    // An https public address makes the session cookie Secure unless told otherwise.
    expect(c.session.cookieSecure).toBe(true);
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it('names each invalid variable and says what is wrong with it', () => {
    expect(problems({ PORT: 'eighty' }).map((p) => p.variable)).toEqual(['PORT']);
    expect(problems({ PORT: '70000' }).map((p) => p.variable)).toEqual(['PORT']);
    expect(problems({ DATABASE_URL: 'mysql://localhost/w' })).toEqual([
      { variable: 'DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' },
    ]);
    expect(problems({ WAYMARK_DEMO: 'maybe' }).map((p) => p.variable)).toEqual(['WAYMARK_DEMO']);
    expect(problems({ WAYMARK_DB_APP_ROLE: 'Waymark-App' })).toEqual([
      { variable: 'WAYMARK_DB_APP_ROLE', message: 'must be a lower-case PostgreSQL role name' },
    ]);
    expect(problems({ WAYMARK_SECRET_KEY: 'short' })[0]?.message).toMatch(/32 random bytes/);
    expect(problems({ WAYMARK_DEMO_PASSWORD: 'short' })[0]).toEqual({
      variable: 'WAYMARK_DEMO_PASSWORD',
      message: 'must be at least 12 characters',
    });
    expect(problems({ LOG_LEVEL: 'loud' })[0]?.variable).toBe('LOG_LEVEL');
    expect(problems({ WAYMARK_BODY_LIMIT_BYTES: '10' })[0]?.variable).toBe('WAYMARK_BODY_LIMIT_BYTES');
    expect(problems({ WAYMARK_METRICS_TOKEN: 'tiny' })[0]?.variable).toBe('WAYMARK_METRICS_TOKEN');
    expect(problems({ SMTP_URL: 'http://mail' })[0]?.variable).toBe('SMTP_URL');
  });

  it('reports every problem at once, in a message that lists them', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', NODE_ENV: 'staging', WAYMARK_SESSION_IDLE_MINUTES: '0' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.variable).sort()).toEqual([
      'NODE_ENV',
      'PORT',
      'WAYMARK_SESSION_IDLE_MINUTES',
    ]);
    expect(error?.message).toMatch(/^Invalid configuration:\n/);
    for (const v of ['NODE_ENV', 'PORT', 'WAYMARK_SESSION_IDLE_MINUTES'])
      expect(error?.message).toContain(`  ${v}: `);
  });

  it('requires a secret key in production with PostgreSQL', () => {
    expect(problems({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/w' })).toEqual([
      {
        variable: 'WAYMARK_SECRET_KEY',
        message: 'is required in production with PostgreSQL (openssl rand -base64 32)',
      },
    ]);
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/w',
      WAYMARK_SECRET_KEY: KEY,
    });
    expect(c.isProduction).toBe(true);
    expect(c.secretKey).toBe(KEY);
  });

  it('applies overrides after parsing', () => {
    expect(loadConfig({ PORT: '4000' }, { port: 0 }).port).toBe(0);
  });
});

describe('WAYMARK_VERSION', () => {
  it('is the version in package.json', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(WAYMARK_VERSION).toBe(pkg.version);
  });
});
