import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ANSWER_MARGIN_MS, createBudget } from './budget';
import { createPaymentsHandler, type PaymentsHandler } from './handler';
import { mockAws } from './testing/aws';
import {
  adminConnectionConfig,
  appCredentials,
  createTestDatabase,
  MERCHANTS,
  type TestDatabase,
} from './testing/database';
import { startDelayedProxy, type DelayedProxy } from './testing/delayed-proxy';
import { post, validPayment } from './testing/events';
import { requestHash } from './validation';

// Every wait of a request is cut to what its invocation has left: the handler answers with its own 503 and
// Retry-After before Lambda's timeout, whatever is slow (the database, one statement, S3, another request's key).
const aws = mockAws();
let db: TestDatabase;
let handler: PaymentsHandler;
let proxy: DelayedProxy | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

beforeEach(async () => {
  aws.reset();
  await db.sql('TRUNCATE payments CASCADE');
  handler = createPaymentsHandler({ env: db.env, credentials: appCredentials(), logSink: () => undefined });
});

afterEach(async () => {
  await handler.close();
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  await db.drop();
  aws.restore();
});

/** A Lambda context whose function times out `timeoutMs` from now. */
function invocation(timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  return { awsRequestId: 'budget-test', getRemainingTimeInMillis: () => end - Date.now() };
}

const count = async (table: 'payments' | 'audit_outbox'): Promise<number> =>
  Number((await db.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

/** Runs `request` and says how long it took. */
async function timed<T>(request: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await request;
  return { result, ms: Date.now() - started };
}

describe('createBudget', () => {
  it('keeps the answer margin back and cuts each wait to what is left after a reserve', () => {
    const budget = createBudget(2_000, 1_000_000);
    expect(budget.deadline).toBe(1_000_000 + 2_000 - ANSWER_MARGIN_MS);
    expect(budget.remaining(1_000_000)).toBe(2_000 - ANSWER_MARGIN_MS);
    expect(budget.remaining(1_000_000 + 5_000)).toBe(0);
  });
});

describe('the request answers before the function times out', () => {
  it('a statement that hangs (a slow INSERT): 503 with Retry-After inside the time left, nothing written', async () => {
    await db.sql(`CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN PERFORM pg_sleep(10); RETURN NEW; END $$`);
    await db.sql(
      'CREATE TRIGGER slow_insert BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION slow_insert()',
    );
    try {
      const { result, ms } = await timed(handler.handle(post(validPayment), invocation(2_000)));

      expect(result.statusCode).toBe(503);
      expect(result.headers?.['retry-after']).toBe('1');
      expect(result.body).toContain('the payment was not created');
      expect(ms).toBeLessThan(2_000);
      expect(await count('payments')).toBe(0);
    } finally {
      await db.sql('DROP TRIGGER slow_insert ON payments');
      await db.sql('DROP FUNCTION slow_insert()');
    }
    // The connection the server cancelled is reusable: the next request, with time, is created.
    expect((await handler.handle(post(validPayment), invocation(10_000))).statusCode).toBe(201);
  });

  it('S3 that never answers: the committed payment gets its 201 inside the time left, its record waits in the outbox', async () => {
    aws.s3.on(PutObjectCommand).callsFake(() => new Promise(() => undefined));
    const { result, ms } = await timed(handler.handle(post(validPayment), invocation(3_000)));

    expect(result.statusCode).toBe(201);
    expect(ms).toBeLessThan(3_000);
    expect(await count('payments')).toBe(1);
    expect(await count('audit_outbox')).toBe(1);
  });

  it('a database that holds the connection unanswered: 503 inside the time left, shorter than one connect attempt', async () => {
    proxy = await startDelayedProxy({ host: db.env.DB_HOST as string, port: Number(db.env.DB_PORT) }, 'hold');
    const held = createPaymentsHandler({
      env: { ...db.env, DB_HOST: '127.0.0.1', DB_READER_HOST: '127.0.0.1', DB_PORT: String(proxy.port) },
      credentials: appCredentials(),
      logSink: () => undefined,
    });
    try {
      // 1.5 s left: less than the 2 s a connection attempt may take.
      const { result, ms } = await timed(held.handle(post(validPayment), invocation(1_500)));
      expect(result.statusCode).toBe(503);
      expect(result.headers?.['retry-after']).toBeDefined();
      expect(ms).toBeLessThan(1_500);
      expect(await count('payments')).toBe(0);
    } finally {
      await held.close();
    }
  });

  it('no time left at all: 503 at once, nothing written, no S3 call', async () => {
    const { result, ms } = await timed(handler.handle(post(validPayment), invocation(ANSWER_MARGIN_MS)));
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('1');
    expect(ms).toBeLessThan(200);
    expect(await count('payments')).toBe(0);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('a request whose key another request still holds', () => {
  /** Another transaction holding (merchant, key) uncommitted: a request with the key in flight. */
  async function holdKey(key: string, hash = 'another request', body = '{}'): Promise<Client> {
    const other = new Client(adminConnectionConfig(db.name));
    await other.connect();
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO payments (id, idempotency_key, request_hash, amount_minor, currency, merchant_id, description,
                             status, created_at, response_status, response_body)
       VALUES ($1, $2, $4, 1, 'EUR', $3, NULL, 'created', now(), 201, $5)`,
      [randomUUID(), key, MERCHANTS.acme.merchantId, hash, body],
    );
    return other;
  }

  it('answers 409 idempotency_key_in_flight with Retry-After after a short bounded wait, writing nothing', async () => {
    const key = randomUUID();
    const other = await holdKey(key);
    try {
      const { result, ms } = await timed(handler.handle(post(validPayment, key), invocation(10_000)));

      expect(result.statusCode).toBe(409);
      expect(result.headers?.['retry-after']).toBe('1');
      expect(JSON.parse(result.body)).toMatchObject({
        status: 409,
        code: 'idempotency_key_in_flight',
        field: 'Idempotency-Key',
      });
      // The wait is about KEY_WAIT_MS (1 s), not the statement timeout (5 s).
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(2_500);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    // The first request gave up: the retry creates the payment.
    expect((await handler.handle(post(validPayment, key), invocation(10_000))).statusCode).toBe(201);
    expect(await count('payments')).toBe(1);
  });

  it('replays the first answer when that request commits within the wait', async () => {
    const key = randomUUID();
    const hash = requestHash({ ...validPayment, merchantId: undefined }, MERCHANTS.acme.merchantId);
    const other = await holdKey(key, hash, '{"first":true}');
    const pending = timed(handler.handle(post(validPayment, key), invocation(10_000)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.query('COMMIT');
    await other.end();

    const { result, ms } = await pending;
    expect(result.statusCode).toBe(201);
    expect(result.body).toBe('{"first":true}');
    expect(result.headers?.['idempotent-replayed']).toBe('true');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(await count('payments')).toBe(1);
  });
});
