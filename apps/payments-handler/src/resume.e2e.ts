import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DatabaseUnreachableError } from './db';
import { createPaymentsHandler, UNREACHABLE_RETRY_AFTER_SECONDS } from './handler';
import { createMigrationsHandler } from './migrate';
import { readMigrations } from './migrations';
import { mockAws } from './testing/aws';
import { appCredentials, createTestDatabase, type TestDatabase } from './testing/database';
import { startDelayedProxy, type DelayedProxy } from './testing/delayed-proxy';
import { captureLogs, get, post, validPayment } from './testing/events';

// A paused Aurora Serverless v2 instance (dev idles at 0 ACU) is unreachable until it has resumed, about
// 15 s after the first connection attempt. Here a proxy in front of the real test server stands for it
// for a few seconds: connections are reset (`refuse`) or accepted and left unanswered (`hold`).

const aws = mockAws();
let db: TestDatabase;
let proxy: DelayedProxy | undefined;

beforeEach(async () => {
  aws.reset();
  db = await createTestDatabase();
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await db.drop();
});

afterAll(() => aws.restore());

async function proxied(mode: 'refuse' | 'hold'): Promise<{
  proxy: DelayedProxy;
  env: Record<string, string>;
  migrationsEnv: Record<string, string>;
}> {
  proxy = await startDelayedProxy({ host: db.env.DB_HOST as string, port: Number(db.env.DB_PORT) }, mode);
  const port = String(proxy.port);
  return {
    proxy,
    env: { ...db.env, DB_HOST: '127.0.0.1', DB_READER_HOST: '127.0.0.1', DB_PORT: port },
    migrationsEnv: { ...db.migrationsEnv, DB_HOST: '127.0.0.1', DB_PORT: port },
  };
}

/** A Lambda context whose function times out `timeoutMs` from now. */
function invocation(timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  return { awsRequestId: 'resume-test', getRemainingTimeInMillis: () => end - Date.now() };
}

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;
const tables = async (): Promise<string[]> =>
  (
    await db.sql<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
  ).map((row) => row.name);

describe('the migrations function against a database that is still resuming', () => {
  it('keeps connecting with backoff and applies the migrations once the database is up, 3 s later', async () => {
    const { proxy, migrationsEnv } = await proxied('refuse');
    const logs = captureLogs();
    const migrations = createMigrationsHandler({ env: migrationsEnv, logSink: logs.sink });
    const started = Date.now();
    proxy.upAfter(3_000);
    try {
      const result = await migrations.handle(invocation(120_000));

      expect(result).toEqual({ applied: readMigrations().map((m) => m.file), skipped: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
      expect(await tables()).toEqual(['audit_outbox', 'payments', 'schema_migrations']);
      const retries = logs.entries().filter((entry) => entry.msg === 'database not reachable; retrying');
      expect(retries.length).toBeGreaterThanOrEqual(2);
      expect(proxy.connections).toBe(retries.length + 1);
      // Backing off: each wait longer than the one before (doubling, ±25 % jitter).
      const waits = retries.map((entry) => entry.retryInMs as number);
      waits.slice(1).forEach((wait, i) => expect(wait).toBeGreaterThan(1.1 * (waits[i] as number)));
    } finally {
      await migrations.close();
    }
  });

  it('gives up inside the invocation time it has, naming the attempts, and applies nothing', async () => {
    const { proxy, migrationsEnv } = await proxied('refuse');
    const logs = captureLogs();
    const migrations = createMigrationsHandler({
      env: migrationsEnv,
      logSink: logs.sink,
      connectionTimeoutMs: 1_000,
    });
    const started = Date.now();
    try {
      // A 4 s function: connecting may use 3 s of it.
      const failure = migrations.handle(invocation(4_000));
      await expect(failure).rejects.toThrow(DatabaseUnreachableError);
      await expect(failure).rejects.toThrow(
        /^database unreachable after \d+ connection attempts in \d+\.\d s/,
      );

      expect(Date.now() - started).toBeLessThan(3_000);
      expect(proxy.connections).toBeGreaterThanOrEqual(3);
      expect(logs.entries().at(-1)).toMatchObject({ level: 'error', msg: 'migrations failed' });
      expect(await tables()).toEqual([]);
    } finally {
      await migrations.close();
    }
  });
});

describe('the payments function against a database that is still resuming', () => {
  beforeEach(() => db.migrate());

  const rowCount = async (): Promise<number> =>
    Number((await db.sql<{ n: string }>('SELECT count(*) AS n FROM payments'))[0]?.n);

  it('answers 503 with Retry-After and writes nothing when the database stays unreachable past its budget', async () => {
    const { proxy, env } = await proxied('hold');
    const logs = captureLogs();
    const handler = createPaymentsHandler({
      env,
      credentials: appCredentials(),
      logSink: logs.sink,
      connectionTimeoutMs: 1_000,
    });
    const started = Date.now();
    try {
      const response = await handler.handle(post(validPayment), invocation(10_000));

      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toBe(String(UNREACHABLE_RETRY_AFTER_SECONDS));
      expect(json(response.body)).toMatchObject({ code: 'service_unavailable' });
      // Two attempts of 1 s each and the pause between them, well inside the 10 s function.
      expect(proxy.connections).toBe(2);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(logs.entries()).toContainEqual(
        expect.objectContaining({ level: 'error', connectAttempts: 2, errorMessage: expect.any(String) }),
      );
      expect(await rowCount()).toBe(0);
      expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);

      // 5 s left: one attempt only (4 s are kept for the request's work).
      const health = await handler.handle(get('/health'), invocation(5_000));
      expect(health.statusCode).toBe(503);
      expect(health.headers?.['retry-after']).toBe(String(UNREACHABLE_RETRY_AFTER_SECONDS));
    } finally {
      await handler.close();
    }
  });

  it('creates the payment when the database comes up within its budget: the second attempt gets through', async () => {
    const { proxy, env } = await proxied('hold');
    const handler = createPaymentsHandler({
      env,
      credentials: appCredentials(),
      logSink: () => undefined,
      connectionTimeoutMs: 1_000,
    });
    const started = Date.now();
    proxy.upAfter(1_500);
    try {
      const response = await handler.handle(post(validPayment), invocation(10_000));

      expect(response.statusCode).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
      expect(proxy.connections).toBe(2);
      expect(await rowCount()).toBe(1);
      expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    } finally {
      await handler.close();
    }
  });

  it('makes no second attempt that would not fit in the time the invocation has left', async () => {
    const { proxy, env } = await proxied('refuse');
    const handler = createPaymentsHandler({
      env,
      credentials: appCredentials(),
      logSink: () => undefined,
      connectionTimeoutMs: 1_000,
    });
    try {
      // 4.5 s left: 4 s are kept for the request's work, and a 1 s attempt does not fit in the other 0.5 s.
      const response = await handler.handle(post(validPayment), invocation(4_500));

      expect(response.statusCode).toBe(503);
      expect(proxy.connections).toBe(1);
      expect(await rowCount()).toBe(0);
    } finally {
      await handler.close();
    }
  });
});
