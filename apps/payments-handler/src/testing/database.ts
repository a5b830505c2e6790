import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { Env } from '../config';
import { createLogger } from '../log';
import { runMigrations, type MigrationResult } from '../migrate';
import { readMigrations } from '../migrations';
import { PAYMENTS_DB_USER } from '../routes';
import type { PasswordSource } from '../secrets';

export const TEST_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-test-AbCdEf';
export const TEST_BUCKET = 'payments-test-audit';
export const TEST_KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';

/** Two merchants and their app clients, as the identity stack would export them. */
export const MERCHANTS = {
  acme: { merchantId: 'acme-shop', clientId: '4acmeclient5id6abcdef123456' },
  globex: { merchantId: 'globex', clientId: '7globexclient8id9abcdef1234' },
} as const;
/** A client of the pool that is no merchant's. */
export const STRANGER_CLIENT_ID = '1strangerclient2id3abcdef12';

/** The server's admin connection settings, from the PG* variables globalSetup exported. */
export function adminConnectionConfig(database?: string) {
  const { PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE } = process.env;
  if (!PGHOST)
    throw new Error('PGHOST is not set: run the suites through jest.e2e.config.js (its globalSetup)');
  return {
    host: PGHOST,
    port: Number(PGPORT ?? 5432),
    user: PGUSER,
    password: PGPASSWORD,
    database: database ?? PGDATABASE,
    ssl: false as const,
  };
}

export function adminConnection(database?: string): Client {
  return new Client(adminConnectionConfig(database));
}

/** The password the mocked Secrets Manager hands out: the real one of the test server's admin. */
export function testPassword(): string {
  return process.env.PGPASSWORD || 'unused-by-a-trust-server';
}

/**
 * What the payments function presents as payments_app's password in the tests. The test server lets
 * payments_app in from 127.0.0.1 without checking one (testing/postgres-server.ts, as Aurora checks an IAM token
 * instead), so this is never compared; it counts how often a connection asked for one.
 */
export function appCredentials(): PasswordSource {
  let fetches = 0;
  return {
    password: async () => {
      fetches += 1;
      return 'checked-by-iam-on-aurora';
    },
    invalidate: () => undefined,
    get fetches() {
      return fetches;
    },
  };
}

/** A fresh, empty database of its own for one spec file, dropped by `drop`. */
export interface TestDatabase {
  name: string;
  /** The payments function's environment for this database (what the api stack would set, TLS off). */
  env: Record<string, string>;
  /** The migrations function's environment: the master user, its secret's ARN. */
  migrationsEnv: Record<string, string>;
  /** Runs SQL as the admin user in this database. */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs SQL as payments_app in this database, on a connection of its own. */
  asApp<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Applies the repository's migrations, as the migrations function does. */
  migrate(): Promise<MigrationResult>;
  drop(): Promise<void>;
}

export async function createTestDatabase(overrides: Env = {}): Promise<TestDatabase> {
  const name = `payments_test_${randomBytes(6).toString('hex')}`;
  const admin = adminConnection();
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const client = adminConnection(name);
  client.on('error', () => undefined);
  await client.connect();
  const common = {
    DB_HOST: process.env.PGHOST as string,
    DB_PORT: process.env.PGPORT ?? '5432',
    DB_NAME: name,
    DB_SSL: 'disable',
  };
  const env: Record<string, string> = {
    ...common,
    DB_READER_HOST: process.env.PGHOST as string,
    DB_USER: PAYMENTS_DB_USER,
    MERCHANT_CLIENTS: JSON.stringify({
      [MERCHANTS.acme.clientId]: MERCHANTS.acme.merchantId,
      [MERCHANTS.globex.clientId]: MERCHANTS.globex.merchantId,
    }),
    AUDIT_BUCKET: TEST_BUCKET,
    AUDIT_KMS_KEY_ARN: TEST_KMS_KEY_ARN,
    // EUR, GBP and USD up to 10,000.00, JPY (no minor unit) up to 1,500,000 and KWD (three decimals) up to 3,000.000.
    CURRENCY_LIMITS: JSON.stringify({
      EUR: { exponent: 2, maxMinor: 1_000_000 },
      GBP: { exponent: 2, maxMinor: 1_000_000 },
      USD: { exponent: 2, maxMinor: 1_000_000 },
      JPY: { exponent: 0, maxMinor: 1_500_000 },
      KWD: { exponent: 3, maxMinor: 3_000_000 },
    }),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const migrationsEnv = {
    ...common,
    DB_SECRET_ARN: TEST_SECRET_ARN,
    DB_USER: process.env.PGUSER ?? 'postgres',
  };
  return {
    name,
    env,
    migrationsEnv,
    sql: async <R>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[],
    async asApp<R>(text: string, values?: unknown[]) {
      const app = new Client({ ...adminConnectionConfig(name), user: PAYMENTS_DB_USER, password: 'unused' });
      app.on('error', () => undefined);
      await app.connect();
      try {
        return (await app.query(text, values)).rows as R[];
      } finally {
        await app.end();
      }
    },
    async migrate() {
      const pool = new Pool(adminConnectionConfig(name));
      try {
        return await runMigrations(
          pool,
          readMigrations(),
          createLogger(() => undefined),
        );
      } finally {
        await pool.end();
      }
    },
    async drop() {
      await client.end();
      const dropper = adminConnection();
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
