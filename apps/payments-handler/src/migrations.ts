import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The versioned SQL migrations in `apps/payments-handler/migrations`. This module reads files only (no
 * database, no AWS SDK), so a Pulumi program can import `migrationsHash` cheaply.
 */

export interface Migration {
  /** Four digits, the order of application: `0001`. */
  version: string;
  /** The file name: `0001_create_payments.sql`. */
  file: string;
  sql: string;
  /** sha256 of the SQL; an applied migration whose file changes afterwards is refused. */
  checksum: string;
}

export const MIGRATIONS_DIR = resolve(__dirname, '..', 'migrations');

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Every `NNNN_name.sql` of `dir`, in version order; any other `.sql` name or a repeated version throws. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file): Migration => {
      const version = FILE_PATTERN.exec(file)?.[1];
      if (!version) throw new Error(`migration file ${file} is not named NNNN_lower_snake_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version, file, sql, checksum: sha256(sql) };
    })
    .sort((a, b) => a.version.localeCompare(b.version));
  migrations.forEach((migration, i) => {
    if (i > 0 && migrations[i - 1]?.version === migration.version) {
      throw new Error(`migration version ${migration.version} is used twice`);
    }
  });
  return migrations;
}

/**
 * A digest of every migration (names and contents). The api stack uses it as the `triggers` of the
 * migrations function's invocation, so a deploy runs the migrations exactly when they change.
 */
export function migrationsHash(dir: string = MIGRATIONS_DIR): string {
  return sha256(JSON.stringify(readMigrations(dir).map(({ file, checksum }) => [file, checksum])));
}

/** Set by the build (esbuild `define`): the migrations embedded in the bundle, which ships no SQL files. */
declare const __PAYMENTS_MIGRATIONS__: readonly Migration[] | undefined;

/** The migrations this code ships: embedded in the bundle, read from the repository otherwise. */
export function shippedMigrations(): readonly Migration[] {
  return typeof __PAYMENTS_MIGRATIONS__ === 'undefined' ? readMigrations() : __PAYMENTS_MIGRATIONS__;
}
