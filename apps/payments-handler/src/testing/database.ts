import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { Env } from '../config';
import { createLogger } from '../log';
import { runMigrations, type MigrationResult } from '../migrate';
import { readMigrations } from '../migrations';

export const TEST_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-test-AbCdEf';
export const TEST_BUCKET = 'payments-test-audit';
export const TEST_KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';

/** The server's admin connection settings, from the PG* variables globalSetup exported. */
export function adminConnectionConfig(database?: string) {
  const { PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE } = process.env;
  if (!PGHOST) throw new Error('PGHOST is not set: run the specs through jest.config.js (its globalSetup)');
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

/** The password the mocked Secrets Manager hands out: the real one of the test server. */
export function testPassword(): string {
  return process.env.PGPASSWORD || 'unused-by-a-trust-server';
}

/** A fresh, empty database of its own for one spec file, dropped by `drop`. */
export interface TestDatabase {
  name: string;
  /** The payments function's environment for this database (what the api stack would set, TLS off). */
  env: Record<string, string>;
  /** Runs SQL as the admin user in this database. */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
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
  const env: Record<string, string> = {
    DB_SECRET_ARN: TEST_SECRET_ARN,
    DB_HOST: process.env.PGHOST as string,
    DB_READER_HOST: process.env.PGHOST as string,
    DB_PORT: process.env.PGPORT ?? '5432',
    DB_NAME: name,
    DB_USER: process.env.PGUSER ?? 'postgres',
    AUDIT_BUCKET: TEST_BUCKET,
    AUDIT_KMS_KEY_ARN: TEST_KMS_KEY_ARN,
    MAX_AMOUNT_MINOR: '1000000',
    CURRENCIES: 'EUR,GBP,USD',
    DB_SSL: 'disable',
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return {
    name,
    env,
    sql: async <R>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[],
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
