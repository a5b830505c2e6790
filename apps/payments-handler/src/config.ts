/**
 * The functions' settings, read from the environment the api stack sets (`handlerEnvironment`, src/environment.ts).
 * Every variable is read through one `Env` lookup so a test can record exactly which ones the handler reads.
 */

import type { CurrencyLimit, Limits } from './validation';

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
  host: string;
  port: number;
  database: string;
  user: string;
  ssl: SslMode;
}

export interface PaymentsConfig {
  /** The writer, as `payments_app` with IAM authentication tokens: no secret at all. */
  writer: DatabaseConfig;
  /** The same role on the reader endpoint. */
  reader: DatabaseConfig;
  /** App client ID -> merchant ID: whose payments a token's client may create and read. */
  merchants: Readonly<Record<string, string>>;
  audit: { bucket: string; kmsKeyArn: string };
  limits: Limits;
}

/** The migrations connect as the master user, with the password of the RDS-managed master secret. */
export interface MigrationsConfig extends DatabaseConfig {
  /** ARN of the secret holding the password; never the password itself. */
  secretArn: string;
}

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
    host: required(env, hostKey),
    port: positiveInteger(env, 'DB_PORT', 65_535),
    database: required(env, 'DB_NAME'),
    user: required(env, 'DB_USER'),
    ssl: sslMode(env),
  };
}

const CURRENCY_LIMITS_FORMAT =
  'CURRENCY_LIMITS must be a JSON object of ISO 4217 code -> { exponent: 0-4, maxMinor: positive integer }';

/** `CURRENCY_LIMITS`: the accepted currencies, each with its exponent and largest payment in minor units. */
function currencyLimits(env: Env): Record<string, CurrencyLimit> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(required(env, 'CURRENCY_LIMITS'));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(CURRENCY_LIMITS_FORMAT);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.keys(parsed).length === 0
  ) {
    throw new ConfigError(CURRENCY_LIMITS_FORMAT);
  }
  const limits: Record<string, CurrencyLimit> = {};
  for (const [code, value] of Object.entries(parsed)) {
    const { exponent, maxMinor } = (value ?? {}) as Partial<CurrencyLimit>;
    if (
      !/^[A-Z]{3}$/.test(code) ||
      !Number.isInteger(exponent) ||
      (exponent as number) < 0 ||
      (exponent as number) > 4 ||
      !Number.isSafeInteger(maxMinor) ||
      (maxMinor as number) < 1
    ) {
      throw new ConfigError(`${CURRENCY_LIMITS_FORMAT} (bad: ${JSON.stringify(code)})`);
    }
    limits[code] = { exponent: exponent as number, maxMinor: maxMinor as number };
  }
  return limits;
}

// What the identity stack's merchantClients and packages/config allow: Cognito client IDs ([\w+]+, 1-128) and
// merchant IDs of the payments table.
const CLIENT_ID = /^[\w+]{1,128}$/;
const MERCHANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** `MERCHANT_CLIENTS`: a JSON object of app client ID -> merchant ID (`{}` when no merchant is configured). */
function merchants(env: Env): Record<string, string> {
  const raw = required(env, 'MERCHANT_CLIENTS');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MERCHANT_CLIENTS must be a JSON object of app client ID -> merchant ID');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('MERCHANT_CLIENTS must be a JSON object of app client ID -> merchant ID');
  }
  const map: Record<string, string> = {};
  for (const [clientId, merchantId] of Object.entries(parsed)) {
    if (!CLIENT_ID.test(clientId) || typeof merchantId !== 'string' || !MERCHANT_ID.test(merchantId)) {
      throw new ConfigError(
        `MERCHANT_CLIENTS has an entry that is not app client ID -> merchant ID: ${JSON.stringify(clientId)}`,
      );
    }
    map[clientId] = merchantId;
  }
  return map;
}

/** Settings of the payments function; throws a ConfigError naming the bad variable. */
export function loadPaymentsConfig(env: Env): PaymentsConfig {
  return {
    writer: database(env, 'DB_HOST'),
    reader: database(env, 'DB_READER_HOST'),
    merchants: merchants(env),
    audit: { bucket: required(env, 'AUDIT_BUCKET'), kmsKeyArn: required(env, 'AUDIT_KMS_KEY_ARN') },
    limits: { currencies: currencyLimits(env) },
  };
}

/** The audit relay: the writer as `payments_app` (IAM tokens, like the payments function) and the audit bucket. */
export interface RelayConfig {
  writer: DatabaseConfig;
  audit: { bucket: string; kmsKeyArn: string };
}

/** Settings of the audit relay function; throws a ConfigError naming the bad variable. */
export function loadRelayConfig(env: Env): RelayConfig {
  return {
    writer: database(env, 'DB_HOST'),
    audit: { bucket: required(env, 'AUDIT_BUCKET'), kmsKeyArn: required(env, 'AUDIT_KMS_KEY_ARN') },
  };
}

/** Settings of the migrations function (the writer only, as the master user). */
export function loadMigrationsConfig(env: Env): MigrationsConfig {
  return { secretArn: required(env, 'DB_SECRET_ARN'), ...database(env, 'DB_HOST') };
}
