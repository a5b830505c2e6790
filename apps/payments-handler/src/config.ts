/**
 * The functions' settings, read from the environment the api stack sets (`handlerEnvironment`, src/environment.ts).
 * Every variable is read through one `Env` lookup so a test can record exactly which ones the handler reads.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Test-only override: `DB_SSL=disable` turns TLS off for a local PostgreSQL without certificates. The api
 * stack never sets it, so deployed functions always verify the server's certificate.
 */
export const TEST_ONLY_ENV_KEYS = ['DB_SSL'] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type SslMode = 'verify-full' | 'disable';

export interface DatabaseConfig {
  /** ARN of the secret holding the password; never the password itself. */
  secretArn: string;
  host: string;
  port: number;
  database: string;
  user: string;
  ssl: SslMode;
}

export interface PaymentsConfig {
  writer: DatabaseConfig;
  /** Same credentials as the writer, on the reader endpoint. */
  reader: DatabaseConfig;
  audit: { bucket: string; kmsKeyArn: string };
  limits: { maxAmountMinor: number; currencies: readonly string[] };
}

export type MigrationsConfig = DatabaseConfig;

function required(env: Env, key: string): string {
  const value = env[key];
  if (value === undefined || value.trim() === '') throw new ConfigError(`${key} is not set`);
  return value.trim();
}

function positiveInteger(env: Env, key: string, max: number): number {
  const raw = required(env, key);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`${key} must be an integer from 1 to ${max} (got '${raw}')`);
  }
  return value;
}

function sslMode(env: Env): SslMode {
  const raw = env.DB_SSL;
  if (raw === undefined || raw === '') return 'verify-full';
  if (raw === 'disable') return 'disable';
  throw new ConfigError(`DB_SSL must be unset or 'disable' (got '${raw}')`);
}

function database(env: Env, hostKey: 'DB_HOST' | 'DB_READER_HOST'): DatabaseConfig {
  return {
    secretArn: required(env, 'DB_SECRET_ARN'),
    host: required(env, hostKey),
    port: positiveInteger(env, 'DB_PORT', 65_535),
    database: required(env, 'DB_NAME'),
    user: required(env, 'DB_USER'),
    ssl: sslMode(env),
  };
}

function currencies(env: Env): string[] {
  const list = required(env, 'CURRENCIES')
    .split(',')
    .map((code) => code.trim());
  const bad = list.filter((code) => !/^[A-Z]{3}$/.test(code));
  if (bad.length > 0) {
    throw new ConfigError(`CURRENCIES must be comma-separated ISO 4217 codes (bad: ${bad.join(', ')})`);
  }
  return [...new Set(list)];
}

/** Settings of the payments function; throws a ConfigError naming the bad variable. */
export function loadPaymentsConfig(env: Env): PaymentsConfig {
  return {
    writer: database(env, 'DB_HOST'),
    reader: database(env, 'DB_READER_HOST'),
    audit: { bucket: required(env, 'AUDIT_BUCKET'), kmsKeyArn: required(env, 'AUDIT_KMS_KEY_ARN') },
    limits: {
      maxAmountMinor: positiveInteger(env, 'MAX_AMOUNT_MINOR', Number.MAX_SAFE_INTEGER),
      currencies: currencies(env),
    },
  };
}

/** Settings of the migrations function (the writer only). */
export function loadMigrationsConfig(env: Env): MigrationsConfig {
  return database(env, 'DB_HOST');
}
