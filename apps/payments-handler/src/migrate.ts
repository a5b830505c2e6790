import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Pool } from 'pg';
import { loadMigrationsConfig, type Env } from './config';
import { createDatabase, type Database } from './db';
import { createLogger, errorFields, isError, messageOf, type Logger, type LogSink } from './log';
import { shippedMigrations, type Migration } from './migrations';
import { createPasswordSource } from './secrets';

/** Session advisory lock held while migrating, so two concurrent runs apply each migration once. */
export const MIGRATION_LOCK_ID = 4_270_817_001;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export interface MigrationResult {
  /** Files applied by this run, in order. */
  applied: string[];
  /** Files an earlier run had applied. */
  skipped: string[];
}

const CREATE_HISTORY = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text        PRIMARY KEY,
    file       text        NOT NULL,
    checksum   char(64)    NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, each in its own
 * transaction together with its history row: a failing migration leaves no trace and stops the run. A
 * recorded migration whose file has changed is refused rather than silently skipped.
 */
export async function runMigrations(
  pool: Pool,
  migrations: readonly Migration[],
  log: Logger,
): Promise<MigrationResult> {
  const client = await pool.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(CREATE_HISTORY);
    const { rows } = await client.query<{ version: string; file: string; checksum: string }>(
      'SELECT version, file, checksum FROM schema_migrations',
    );
    const recorded = new Map(rows.map((row) => [row.version, row]));

    for (const migration of migrations) {
      const done = recorded.get(migration.version);
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.file} was applied as ${done.file} with other contents; ` +
              'add a new migration instead of editing an applied one',
          );
        }
        result.skipped.push(migration.file);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, file, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.file,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(
          `migration ${migration.file} failed and was rolled back: ${messageOf(error)}`,
          { cause: error },
        );
      }
      log.info('migration applied', { file: migration.file });
      result.applied.push(migration.file);
    }
    return result;
  } catch (error) {
    broken = isError(error) ? error : new Error(String(error));
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release(broken instanceof MigrationError ? undefined : broken);
  }
}

export interface MigrationsHandlerOptions {
  env?: Env;
  secretsManager?: SecretsManagerClient;
  logSink?: LogSink;
  migrations?: readonly Migration[];
}

export interface MigrationsHandler {
  handle(): Promise<MigrationResult>;
  close(): Promise<void>;
}

/**
 * The migrations Lambda of one container: configuration, secret and connection made on first use and
 * kept. An invocation returns what it applied; a failure throws, so the deploy that invoked it fails.
 */
export function createMigrationsHandler(options: MigrationsHandlerOptions = {}): MigrationsHandler {
  const log = createLogger(options.logSink, { service: 'payments-migrations' });
  let db: Database | undefined;

  return {
    async handle() {
      try {
        if (!db) {
          const config = loadMigrationsConfig(options.env ?? process.env);
          const secrets = options.secretsManager ?? new SecretsManagerClient({});
          // Migrations may rewrite tables: no statement time limit beyond the function's own timeout.
          db = createDatabase(config, createPasswordSource(secrets, config.secretArn), log, {
            max: 1,
            statementTimeoutMs: 0,
          });
        }
        const result = await runMigrations(db.pool, options.migrations ?? shippedMigrations(), log);
        log.info('migrations complete', { applied: result.applied.length, skipped: result.skipped.length });
        return result;
      } catch (error) {
        log.error('migrations failed', errorFields(error));
        throw error;
      }
    },
    async close() {
      await db?.close();
      db = undefined;
    },
  };
}

let container: MigrationsHandler | undefined;

/** Lambda entry point (`index.handler` of the migrations bundle). The event is ignored. */
export const handler = (): Promise<MigrationResult> => (container ??= createMigrationsHandler()).handle();
