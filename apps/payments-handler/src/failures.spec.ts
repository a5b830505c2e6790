import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createPaymentsHandler, type PaymentsHandler } from './handler';
import { mockAws } from './testing/aws';
import { appCredentials, createTestDatabase, type TestDatabase } from './testing/database';
import { captureLogs, get, post, validPayment } from './testing/events';

const aws = mockAws();
let db: TestDatabase;
let handler: PaymentsHandler;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

beforeEach(async () => {
  aws.reset();
  await db.sql('TRUNCATE payments');
  handler = createPaymentsHandler({
    env: db.env,
    credentials: appCredentials(),
    logSink: () => undefined,
    auditRetry: { attempts: 3, baseDelayMs: 1 },
  });
});

afterEach(() => handler.close());

afterAll(async () => {
  await db.drop();
  aws.restore();
});

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;
const rowCount = async (): Promise<number> =>
  Number((await db.sql<{ n: string }>('SELECT count(*) AS n FROM payments'))[0]?.n);
const putCount = (): number => aws.s3.commandCalls(PutObjectCommand).length;

const s3Error = (name: string, fault: 'client' | 'server', httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: fault, $metadata: { httpStatusCode }, message: name });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return String(port);
}

describe('audit write (retried, then the payment is rolled back)', () => {
  it('retries a failed audit write and creates the payment when a retry succeeds', async () => {
    aws.s3
      .on(PutObjectCommand)
      .rejectsOnce(s3Error('SlowDown', 'server', 503))
      .rejectsOnce(s3Error('InternalError', 'server', 500))
      .resolves({});
    const response = await handler.handle(post(validPayment));
    expect(response.statusCode).toBe(201);
    expect(putCount()).toBe(3);
    expect(await rowCount()).toBe(1);
  });

  it('answers 503 and leaves no payment when every attempt fails; a retry with the same key then succeeds', async () => {
    aws.s3.on(PutObjectCommand).rejects(s3Error('InternalError', 'server', 500));
    const key = randomUUID();
    const failed = await handler.handle(post(validPayment, key));

    expect(failed.statusCode).toBe(503);
    expect(json(failed.body).error).toMatchObject({ code: 'service_unavailable' });
    expect(failed.headers?.['retry-after']).toBe('1');
    expect(putCount()).toBe(3);
    expect(await rowCount()).toBe(0);

    aws.s3.on(PutObjectCommand).resolves({});
    const retried = await handler.handle(post(validPayment, key));
    expect(retried.statusCode).toBe(201);
    expect(retried.headers?.['idempotent-replayed']).toBeUndefined();
    expect(await rowCount()).toBe(1);
  });

  it('does not retry a client error such as AccessDenied', async () => {
    aws.s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 'client', 403));
    const response = await handler.handle(post(validPayment));
    expect(response.statusCode).toBe(503);
    expect(putCount()).toBe(1);
    expect(await rowCount()).toBe(0);
  });

  it('lets concurrent retries wait for a failing first attempt, then one of them creates the payment', async () => {
    aws.s3
      .on(PutObjectCommand)
      .rejectsOnce(s3Error('AccessDenied', 'client', 403))
      .resolves({});
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => handler.handle(post(validPayment, key))),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 201, 503]);
    expect(new Set(responses.filter((r) => r.statusCode === 201).map((r) => r.body)).size).toBe(1);
    expect(await rowCount()).toBe(1);
  });
});

describe('database failure', () => {
  it('answers 503 and leaves no payment when the connection dies after the insert, before the commit', async () => {
    // While the audit write is in flight the payment row exists in the open transaction: kill its backend.
    aws.s3.on(PutObjectCommand).callsFake(async () => {
      const killed = await db.sql<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = $1 AND state = 'idle in transaction' AND pid <> pg_backend_pid()`,
        [db.name],
      );
      expect(killed).toEqual([{ killed: true }]);
      return {};
    });
    const key = randomUUID();
    const response = await handler.handle(post(validPayment, key));

    expect(response.statusCode).toBe(503);
    expect(await rowCount()).toBe(0);

    // The pool dropped the dead connection; the client's retry creates the payment.
    aws.s3.on(PutObjectCommand).resolves({});
    expect((await handler.handle(post(validPayment, key))).statusCode).toBe(201);
    expect(await rowCount()).toBe(1);
  });

  it('answers 503 on every route, and writes no audit record, when the database is unreachable', async () => {
    const logs = captureLogs();
    const unreachable = createPaymentsHandler({
      env: { ...db.env, DB_PORT: await closedPort() },
      credentials: appCredentials(),
      logSink: logs.sink,
    });
    try {
      const created = await unreachable.handle(post(validPayment));
      const read = await unreachable.handle(get(`/payments/${randomUUID()}`));
      const health = await unreachable.handle(get('/health'));

      expect([created.statusCode, read.statusCode, health.statusCode]).toEqual([503, 503, 503]);
      expect(json(created.body).error).toMatchObject({ code: 'service_unavailable' });
      expect(json(health.body)).toEqual({ status: 'unavailable', database: 'unavailable' });
      expect(putCount()).toBe(0);
      expect(logs.entries().some((entry) => entry.errorCode === 'ECONNREFUSED')).toBe(true);
    } finally {
      await unreachable.close();
    }
  });
});
