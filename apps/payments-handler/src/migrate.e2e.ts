import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createLogger } from './log';
import { MigrationError, runMigrations } from './migrate';
import { MIGRATIONS_DIR, migrationsHash, readMigrations, type Migration } from './migrations';
import { adminConnectionConfig, createTestDatabase, type TestDatabase } from './testing/database';

const quiet = createLogger(() => undefined);
let db: TestDatabase;
let pool: Pool;

beforeEach(async () => {
  db = await createTestDatabase();
  pool = new Pool({ ...adminConnectionConfig(db.name), max: 4 });
});

afterEach(async () => {
  await pool.end();
  await db.drop();
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((path) => rmSync(path, { recursive: true, force: true })));

/** A migrations directory holding `files`. */
function dir(files: Record<string, string>): string {
  const path = mkdtempSync(join(tmpdir(), 'migrations-'));
  dirs.push(path);
  for (const [file, sql] of Object.entries(files)) writeFileSync(join(path, file), sql);
  return path;
}

const tables = async (): Promise<string[]> =>
  (
    await db.sql<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
  ).map((row) => row.name);

const history = async () =>
  db.sql<{ version: string; file: string }>('SELECT version, file FROM schema_migrations ORDER BY version');

describe('runMigrations', () => {
  it('applies the repository migrations to an empty database and records each one', async () => {
    const shipped = readMigrations();
    const result = await runMigrations(pool, shipped, quiet);

    expect(result).toEqual({ applied: shipped.map((m) => m.file), skipped: [] });
    expect(await tables()).toEqual(['audit_outbox', 'payments', 'schema_migrations']);
    expect(await history()).toEqual(shipped.map(({ version, file }) => ({ version, file })));
  });

  it('applies nothing when re-run, and leaves the data alone', async () => {
    await runMigrations(pool, readMigrations(), quiet);
    await db.sql(
      `INSERT INTO payments (id, idempotency_key, request_hash, amount_minor, currency, merchant_id, status,
                             created_at, response_status, response_body)
       VALUES (gen_random_uuid(), 'k', repeat('a', 64), 1, 'EUR', 'm', 'created', now(), 201, '{}')`,
    );
    const again = await runMigrations(pool, readMigrations(), quiet);

    expect(again).toEqual({ applied: [], skipped: readMigrations().map((m) => m.file) });
    expect(await db.sql('SELECT count(*)::int AS n FROM payments')).toEqual([{ n: 1 }]);
  });

  it('applies in version order, whatever order the files are listed in', async () => {
    const migrations = readMigrations(
      dir({
        '0002_add_column.sql': 'ALTER TABLE things ADD COLUMN label text;',
        '0001_create_things.sql': 'CREATE TABLE things (id int PRIMARY KEY);',
      }),
    );
    expect(migrations.map((m) => m.file)).toEqual(['0001_create_things.sql', '0002_add_column.sql']);
    expect((await runMigrations(pool, migrations, quiet)).applied).toHaveLength(2);
  });

  it('rolls a failing migration back entirely, keeps the ones before it, and resumes once fixed', async () => {
    const ok = '0001_create_things.sql';
    const broken = {
      [ok]: 'CREATE TABLE things (id int PRIMARY KEY);',
      '0002_half_done.sql': 'CREATE TABLE half (id int); SELECT * FROM no_such_table;',
    };
    await expect(runMigrations(pool, readMigrations(dir(broken)), quiet)).rejects.toThrow(
      /migration 0002_half_done.sql failed and was rolled back: relation "no_such_table" does not exist/,
    );
    expect(await tables()).toEqual(['schema_migrations', 'things']);
    expect((await history()).map((row) => row.file)).toEqual([ok]);

    const fixed = { ...broken, '0002_half_done.sql': 'CREATE TABLE half (id int);' };
    expect(await runMigrations(pool, readMigrations(dir(fixed)), quiet)).toEqual({
      applied: ['0002_half_done.sql'],
      skipped: [ok],
    });
  });

  it('refuses a migration that was edited after it was applied', async () => {
    await runMigrations(pool, readMigrations(dir({ '0001_a.sql': 'CREATE TABLE a (id int);' })), quiet);
    const edited = readMigrations(dir({ '0001_a.sql': 'CREATE TABLE a (id bigint);' }));
    await expect(runMigrations(pool, edited, quiet)).rejects.toThrow(MigrationError);
    await expect(runMigrations(pool, edited, quiet)).rejects.toThrow(/0001_a.sql .*other contents/);
  });

  it('applies each migration once when two runs start together', async () => {
    const migrations: Migration[] = readMigrations();
    const [first, second] = await Promise.all([
      runMigrations(pool, migrations, quiet),
      runMigrations(pool, migrations, quiet),
    ]);
    expect([...first.applied, ...second.applied]).toEqual(migrations.map((m) => m.file));
    expect(await history()).toHaveLength(migrations.length);
  });
});

describe('readMigrations', () => {
  it('rejects a file not named NNNN_name.sql, and a version used twice', () => {
    expect(() => readMigrations(dir({ 'create.sql': '' }))).toThrow(/create.sql is not named NNNN_/);
    expect(() => readMigrations(dir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/0001 is used twice/);
  });
});

describe('migrationsHash', () => {
  it('is stable for the same files and changes when a migration is added or edited', () => {
    const files = { '0001_a.sql': 'CREATE TABLE a (id int);' };
    expect(migrationsHash(dir(files))).toBe(migrationsHash(dir(files)));
    expect(migrationsHash(dir({ ...files, '0002_b.sql': 'SELECT 1;' }))).not.toBe(migrationsHash(dir(files)));
    expect(migrationsHash(dir({ '0001_a.sql': 'CREATE TABLE a (id bigint);' }))).not.toBe(
      migrationsHash(dir(files)),
    );
    expect(migrationsHash()).toBe(migrationsHash(MIGRATIONS_DIR));
  });
});
