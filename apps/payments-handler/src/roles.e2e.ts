import { Client, Pool } from 'pg';
import { createLogger } from './log';
import { runMigrations } from './migrate';
import { readMigrations } from './migrations';
import { findBinaries } from './testing/postgres-server';
import { createTestDatabase, type TestDatabase } from './testing/database';
import { startPostgres, stopPostgres, type PostgresServer } from './testing/postgres';

// payments_app, the role the payments function connects as: what it can do (the handler's work) and what it
// cannot (everything else), on the real PostgreSQL, connected as that role.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

afterAll(() => db.drop());

/** The SQLSTATE a statement run as payments_app fails with, or 'ok'. */
async function asApp(sql: string): Promise<string> {
  try {
    await db.asApp(sql);
    return 'ok';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

const INSERT = `INSERT INTO payments (id, idempotency_key, request_hash, amount_minor, currency, merchant_id, status,
                                      created_at, response_status, response_body)
                VALUES (gen_random_uuid(), 'k', repeat('a', 64), 1, 'EUR', 'acme-shop', 'created', now(), 201, '{}')`;

describe('payments_app', () => {
  it('does what the handler does: read and insert payments', async () => {
    expect(await asApp(INSERT)).toBe('ok');
    expect(await db.asApp('SELECT merchant_id FROM payments')).toEqual([{ merchant_id: 'acme-shop' }]);
  });

  // 42501 insufficient_privilege: "must be owner of table", "permission denied for ...".
  it.each([
    ['DROP TABLE payments'],
    ['ALTER TABLE payments ADD COLUMN note text'],
    ['ALTER TABLE payments DROP CONSTRAINT payments_merchant_idempotency_key_unique'],
    ['TRUNCATE payments CASCADE'],
    ['CREATE TABLE stolen (id int)'],
    ['CREATE TEMP TABLE scratch (id int)'],
    ['CREATE SCHEMA app'],
    ['CREATE INDEX payments_amount_idx ON payments (amount_minor)'],
    ['SELECT * FROM schema_migrations'],
    ['DELETE FROM schema_migrations'],
    ["UPDATE payments SET status = 'created'"],
    ['DELETE FROM payments'],
    ['CREATE ROLE intruder'],
  ])('may not: %s', async (sql) => {
    expect(await asApp(sql)).toBe('42501');
  });

  it('is no superuser, owns nothing and holds no privilege on another table', async () => {
    const [role] = await db.sql<Record<string, boolean>>(
      `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
         FROM pg_roles WHERE rolname = 'payments_app'`,
    );
    expect(role).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    expect(
      await db.sql(
        `SELECT relname FROM pg_class WHERE relowner = 'payments_app'::regrole
         UNION ALL SELECT nspname FROM pg_namespace WHERE nspowner = 'payments_app'::regrole`,
      ),
    ).toEqual([]);
    const grants = await db.sql<{ table_name: string; privilege_type: string }>(
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants
        WHERE grantee = 'payments_app' ORDER BY 1, 2`,
    );
    // The audit outbox (0004): the request inserts and deletes its row, the relay reads, counts attempts, deletes.
    expect(grants).toEqual([
      { table_name: 'audit_outbox', privilege_type: 'DELETE' },
      { table_name: 'audit_outbox', privilege_type: 'INSERT' },
      { table_name: 'audit_outbox', privilege_type: 'SELECT' },
      { table_name: 'audit_outbox', privilege_type: 'UPDATE' },
      { table_name: 'payments', privilege_type: 'INSERT' },
      { table_name: 'payments', privilege_type: 'SELECT' },
    ]);
  });

  it('is the only role but the owner that may connect to the database: PUBLIC may not', async () => {
    const [acl] = await db.sql<{ datacl: string }>(
      'SELECT datacl::text FROM pg_database WHERE datname = current_database()',
    );
    const entries = acl!.datacl.replace(/[{}]/g, '').split(',');
    expect(entries.filter((entry) => entry.startsWith('='))).toEqual([]);
    expect(entries).toContain(`payments_app=c/${process.env.PGUSER}`);
  });

  it('is granted no role on plain PostgreSQL, which has no rds_iam', async () => {
    expect(await db.sql("SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam'")).toEqual([]);
    expect(
      await db.sql(
        "SELECT roleid::regrole::text FROM pg_auth_members WHERE member = 'payments_app'::regrole",
      ),
    ).toEqual([]);
  });
});

/** Whether the npm package's binaries are installed: a cluster of its own needs them. */
function installed(): boolean {
  try {
    findBinaries({});
    return true;
  } catch {
    return false;
  }
}

// rds_iam exists on RDS and Aurora only; here a cluster of its own gets one, as RDS makes it (a NOLOGIN role), so
// that no other spec sharing the test server sees it.
(installed() ? describe : describe.skip)('on a cluster with rds_iam, as RDS has', () => {
  let server: PostgresServer;
  const quiet = createLogger(() => undefined);
  const admin = (database: string) =>
    new Client({
      host: server.env.PGHOST,
      port: Number(server.env.PGPORT),
      user: server.env.PGUSER,
      password: server.env.PGPASSWORD,
      database,
    });
  const sql = async <R>(database: string, text: string): Promise<R[]> => {
    const client = admin(database);
    await client.connect();
    try {
      return (await client.query(text)).rows as R[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    server = await startPostgres({ fresh: true });
    await sql('postgres', 'CREATE ROLE rds_iam NOLOGIN');
    await sql('postgres', 'CREATE DATABASE one');
    await sql('postgres', 'CREATE DATABASE two');
  });

  afterAll(async () => {
    if (server) await stopPostgres(server);
  });

  it('creates payments_app once and makes it a member of rds_iam, however many databases migrate at once', async () => {
    const migrate = async (database: string) => {
      const pool = new Pool({
        host: server.env.PGHOST,
        port: Number(server.env.PGPORT),
        user: server.env.PGUSER,
        password: server.env.PGPASSWORD,
        database,
      });
      try {
        return await runMigrations(pool, readMigrations(), quiet);
      } finally {
        await pool.end();
      }
    };
    const files = readMigrations().map((m) => m.file);
    // Roles belong to the cluster: two databases creating the role together must not fail.
    expect(await Promise.all([migrate('one'), migrate('two')])).toEqual([
      { applied: files, skipped: [] },
      { applied: files, skipped: [] },
    ]);
    expect(
      await sql(
        'postgres',
        "SELECT roleid::regrole::text AS role FROM pg_auth_members WHERE member = 'payments_app'::regrole",
      ),
    ).toEqual([{ role: 'rds_iam' }]);
    expect(
      await sql('postgres', "SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'payments_app'"),
    ).toEqual([{ n: 1 }]);
  });
});
