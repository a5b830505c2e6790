import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { createPaymentsHandler, type PaymentsHandler } from './handler';
import { createAuditRelay, type AuditRelay } from './relay';
import { RELAY_METRICS_NAMESPACE } from './relay-metrics';
import { fakeBucket, mockAws } from './testing/aws';
import { appCredentials, createTestDatabase, type TestDatabase } from './testing/database';
import { captureLogs, post, validPayment } from './testing/events';

// The audit record exists if and only if its payment committed: the transactional outbox (migration 0004), the
// request's put after COMMIT, and the relay for whatever that put left.
const aws = mockAws();
let db: TestDatabase;
let handler: PaymentsHandler;
let bucket: ReturnType<typeof fakeBucket>;
const relays: AuditRelay[] = [];

const relay = (logSink: (line: string) => void = () => undefined): AuditRelay => {
  const created = createAuditRelay({
    env: db.env,
    credentials: appCredentials(),
    logSink,
    minAgeMs: 0,
    retry: { attempts: 1, baseDelayMs: 1, attemptTimeoutMs: 1_000 },
  });
  relays.push(created);
  return created;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

beforeEach(async () => {
  aws.reset();
  bucket = fakeBucket(aws.s3);
  await db.sql('TRUNCATE payments, audit_outbox');
  handler = createPaymentsHandler({
    env: db.env,
    credentials: appCredentials(),
    logSink: () => undefined,
    auditRetry: { attempts: 2, baseDelayMs: 1, attemptTimeoutMs: 1_000 },
  });
});

afterEach(async () => {
  await handler.close();
  await Promise.all(relays.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await db.drop();
  aws.restore();
});

const count = async (table: 'payments' | 'audit_outbox'): Promise<number> =>
  Number((await db.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
const putCount = (): number => aws.s3.commandCalls(PutObjectCommand).length;
const recordOf = (paymentId: string): Record<string, unknown> | undefined => {
  const key = [...bucket.objects.keys()].find((k) => k.endsWith(`/${paymentId}.json`));
  return key === undefined
    ? undefined
    : (JSON.parse(bucket.objects.get(key) as string) as Record<string, unknown>);
};

describe('audit outbox', () => {
  it('puts the record right after COMMIT, create-only, and leaves no outbox row', async () => {
    const response = await handler.handle(post(validPayment));
    const { id } = JSON.parse(response.body) as { id: string };

    expect(response.statusCode).toBe(201);
    expect(recordOf(id)).toMatchObject({ type: 'payment.created', paymentId: id, amountMinor: 1250 });
    expect(aws.s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ IfNoneMatch: '*' });
    expect(await count('audit_outbox')).toBe(0);
  });

  it('S3 down during the request: the payment commits, the client gets 201, the record arrives when the relay runs', async () => {
    bucket.state.failing = true;
    const response = await handler.handle(post(validPayment));
    const { id } = JSON.parse(response.body) as { id: string };

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['retry-after']).toBeUndefined();
    expect(await count('payments')).toBe(1);
    expect(await count('audit_outbox')).toBe(1);
    expect(recordOf(id)).toBeUndefined();

    // Still down: the relay counts the failure and keeps the row.
    expect(await relay().run()).toMatchObject({ delivered: 0, failed: 1, pending: 1 });
    expect(
      (
        await db.sql<{ attempts: number; last_error: string }>(
          'SELECT attempts, last_error FROM audit_outbox',
        )
      )[0],
    ).toEqual({
      attempts: 1,
      last_error: 'InternalError',
    });

    bucket.state.failing = false;
    expect(await relay().run()).toMatchObject({ delivered: 1, failed: 0, pending: 0, oldestAgeSeconds: 0 });
    expect(recordOf(id)).toMatchObject({ paymentId: id, merchantId: 'acme-shop', currency: 'EUR' });
    expect(await count('audit_outbox')).toBe(0);
  });

  it('COMMIT fails: no payment, no outbox row, no record, ever', async () => {
    // A deferred constraint trigger raises at COMMIT: the server refuses the commit itself.
    await db.sql(`CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`);
    await db.sql(`CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON payments
                  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()`);
    try {
      const key = randomUUID();
      const response = await handler.handle(post(validPayment, key));

      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('the payment was not created');
      expect(await count('payments')).toBe(0);
      expect(await count('audit_outbox')).toBe(0);
      expect(await relay().run()).toMatchObject({ delivered: 0, pending: 0 });
      expect(putCount()).toBe(0);
      expect(bucket.objects.size).toBe(0);
    } finally {
      await db.sql('DROP TRIGGER refuse_commit ON payments');
      await db.sql('DROP FUNCTION refuse_commit()');
    }
  });

  it('the relay run twice, or two at once: one record per payment', async () => {
    bucket.state.failing = true;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((JSON.parse((await handler.handle(post(validPayment))).body) as { id: string }).id);
    }
    bucket.state.failing = false;
    aws.s3.resetHistory();

    const [first, second] = await Promise.all([relay().run(), relay().run()]);
    const third = await relay().run();

    expect(first.delivered + second.delivered).toBe(5);
    expect(third).toMatchObject({ delivered: 0, failed: 0, pending: 0 });
    expect(putCount()).toBe(5);
    expect(bucket.objects.size).toBe(5);
    for (const id of ids) expect(recordOf(id)).toMatchObject({ paymentId: id });
  });

  it('nothing is lost when the relay crashes midway, nor duplicated when the next run repeats a put', async () => {
    bucket.state.failing = true;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((JSON.parse((await handler.handle(post(validPayment))).body) as { id: string }).id);
    }
    bucket.state.failing = false;

    // The second put reaches S3, then the relay dies before its transaction commits: its connection is gone.
    let stored = 0;
    bucket.state.beforeStore = async () => {
      stored += 1;
      if (stored === 2) {
        await db.sql(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND usename = 'payments_app' AND state = 'idle in transaction'`,
          [db.name],
        );
      }
    };
    await expect(relay().run()).rejects.toThrow();
    bucket.state.beforeStore = undefined;
    expect(bucket.objects.size).toBe(2);
    expect(await count('audit_outbox')).toBe(2);

    // The next run finds the interrupted row (S3 answers 412: already stored) and the untouched one.
    const logs = captureLogs();
    expect(await relay(logs.sink).run({ functionName: 'payments-dev-audit-relay' })).toMatchObject({
      delivered: 2,
      pending: 0,
    });
    expect(
      logs
        .entries()
        .filter((e) => e.msg === 'audit record delivered')
        .map((e) => e.result)
        .sort(),
    ).toEqual(['already-stored', 'stored']);
    expect(bucket.objects.size).toBe(3);
    for (const id of ids) expect(recordOf(id)).toMatchObject({ paymentId: id });
    expect(await count('audit_outbox')).toBe(0);

    // The run's metrics, in CloudWatch's embedded metric format.
    const emf = logs.entries().find((e) => e._aws !== undefined);
    expect(emf).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: RELAY_METRICS_NAMESPACE, Dimensions: [['FunctionName']] }] },
      FunctionName: 'payments-dev-audit-relay',
      OldestAgeSeconds: 0,
      Pending: 0,
      FailedPuts: 0,
    });
  });

  it('leaves rows younger than its minimum age to the request that wrote them, and reports their age', async () => {
    bucket.state.failing = true;
    await handler.handle(post(validPayment));
    bucket.state.failing = false;
    await db.sql(`UPDATE audit_outbox SET created_at = now() - interval '10 minutes'`);
    await handler.handle(post(validPayment)); // delivered by the request itself
    bucket.state.failing = true;
    await handler.handle(post(validPayment)); // fresh, left to the outbox
    bucket.state.failing = false;

    const young = createAuditRelay({ env: db.env, credentials: appCredentials(), logSink: () => undefined });
    relays.push(young);
    const result = await young.run();
    expect(result).toMatchObject({ delivered: 1, pending: 1 });
    expect(result.oldestAgeSeconds).toBeLessThan(30);
  });
});
