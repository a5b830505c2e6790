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
  await db.sql('TRUNCATE payments CASCADE');
  handler = createPaymentsHandler({
    env: db.env,
    credentials: appCredentials(),
    logSink: () => undefined,
    auditRetry: { attempts: 2, baseDelayMs: 1 },
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

describe('audit write after COMMIT (retried once, else left to the relay)', () => {
  const outboxCount = async (): Promise<number> =>
    Number((await db.sql<{ n: string }>('SELECT count(*) AS n FROM audit_outbox'))[0]?.n);

  it('retries a failed put once and delivers the record: no outbox row is left', async () => {
    aws.s3
      .on(PutObjectCommand)
      .rejectsOnce(s3Error('SlowDown', 'server', 503))
      .resolves({});
    const response = await handler.handle(post(validPayment));
    expect(response.statusCode).toBe(201);
    expect(putCount()).toBe(2);
    expect(await rowCount()).toBe(1);
    expect(await outboxCount()).toBe(0);
  });

  it('answers 201 when every attempt fails: the payment is committed and its record waits in the outbox', async () => {
    aws.s3.on(PutObjectCommand).rejects(s3Error('InternalError', 'server', 500));
    const key = randomUUID();
    const created = await handler.handle(post(validPayment, key));

    expect(created.statusCode).toBe(201);
    expect(putCount()).toBe(2);
    expect(await rowCount()).toBe(1);
    expect(await outboxCount()).toBe(1);

    // A retry of the request is a replay: it puts nothing (the relay does).
    aws.s3.on(PutObjectCommand).resolves({});
    const replayed = await handler.handle(post(validPayment, key));
    expect(replayed.statusCode).toBe(201);
    expect(replayed.headers?.['idempotent-replayed']).toBe('true');
    expect(replayed.body).toBe(created.body);
    expect(putCount()).toBe(2);
  });

  it('does not retry a client error such as AccessDenied', async () => {
    aws.s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 'client', 403));
    const response = await handler.handle(post(validPayment));
    expect(response.statusCode).toBe(201);
    expect(putCount()).toBe(1);
    expect(await outboxCount()).toBe(1);
  });
});

describe('connections', () => {
  it('holds one connection per container on the writer: a create, its outbox row and its delete share it', async () => {
    for (let i = 0; i < 3; i++) expect((await handler.handle(post(validPayment))).statusCode).toBe(201);
    const [row] = await db.sql<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND usename = 'payments_app'`,
      [db.name],
    );
    expect(Number(row?.n)).toBe(1);
  });
});

describe('database failure', () => {
  it('answers 503 and leaves no payment and no outbox row when the connection dies before the commit', async () => {
    // The outbox insert sleeps; meanwhile its backend is killed, with the payment row in the open transaction.
    await db.sql(`CREATE FUNCTION slow_outbox() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$`);
    await db.sql(
      'CREATE TRIGGER slow_outbox BEFORE INSERT ON audit_outbox FOR EACH ROW EXECUTE FUNCTION slow_outbox()',
    );
    const key = randomUUID();
    try {
      const pending = handler.handle(post(validPayment, key));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const killed = await db.sql<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = $1 AND usename = 'payments_app' AND state = 'active'`,
        [db.name],
      );
      expect(killed).toEqual([{ killed: true }]);
      const response = await pending;

      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('the payment was not created');
      expect(await rowCount()).toBe(0);
      expect(putCount()).toBe(0);
    } finally {
      await db.sql('DROP TRIGGER slow_outbox ON audit_outbox');
      await db.sql('DROP FUNCTION slow_outbox()');
    }

    // The pool dropped the dead connection; the client's retry creates the payment.
    expect((await handler.handle(post(validPayment, key))).statusCode).toBe(201);
    expect(await rowCount()).toBe(1);
  });

  it('says the outcome is unknown when the connection is lost during COMMIT, and the retry tells', async () => {
    // A deferred trigger makes COMMIT itself take a while; the backend is killed meanwhile.
    await db.sql(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$`);
    await db.sql(`CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON payments
                  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()`);
    const key = randomUUID();
    try {
      const pending = handler.handle(post(validPayment, key));
      await new Promise((resolve) => setTimeout(resolve, 250));
      await db.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND usename = 'payments_app' AND query = 'COMMIT'`,
        [db.name],
      );
      const response = await pending;
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('may or may not have been created');
      expect(putCount()).toBe(0);
    } finally {
      await db.sql('DROP TRIGGER slow_commit ON payments');
      await db.sql('DROP FUNCTION slow_commit()');
    }
    // Killed before it committed: the retry with the same key creates the payment, once.
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
      expect(json(created.body)).toMatchObject({ code: 'service_unavailable' });
      expect(json(health.body)).toEqual({ status: 'unavailable', database: 'unavailable' });
      expect(putCount()).toBe(0);
      expect(logs.entries().some((entry) => entry.errorCode === 'ECONNREFUSED')).toBe(true);
    } finally {
      await unreachable.close();
    }
  });
});
