import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { createPaymentsHandler, type PaymentsHandler } from './handler';
import { mockAws } from './testing/aws';
import {
  appCredentials,
  createTestDatabase,
  MERCHANTS,
  STRANGER_CLIENT_ID,
  TEST_BUCKET,
  TEST_KMS_KEY_ARN,
  type TestDatabase,
} from './testing/database';
import { captureLogs, event, get, GLOBEX, post, validPayment, type Caller } from './testing/events';
import { HANDLER_AWS_ACTIONS } from './permissions';
import { MAX_BODY_BYTES } from './validation';

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
    poolMax: 20,
    logSink: () => undefined,
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
const puts = (): PutObjectCommandInput[] =>
  aws.s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);

describe('POST /payments', () => {
  it('creates the payment, answers 201 with it and writes its audit record', async () => {
    const response = await handler.handle(post(validPayment));

    expect(response.statusCode).toBe(201);
    expect(response.headers?.['content-type']).toBe('application/json');
    const payment = json(response.body);
    expect(payment).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      amount: 1250,
      currency: 'EUR',
      // The token's merchant: the body names none.
      merchantId: 'acme-shop',
      description: 'Order 1001',
      status: 'created',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const rows = await db.sql(
      'SELECT id, amount_minor, currency, merchant_id, description, status FROM payments',
    );
    expect(rows).toEqual([
      {
        id: payment.id,
        amount_minor: '1250',
        currency: 'EUR',
        merchant_id: 'acme-shop',
        description: 'Order 1001',
        status: 'created',
      },
    ]);
    expect(puts()).toHaveLength(1);
  });

  it('puts the audit record under a date-partitioned key with SSE-KMS and no card data or free text', async () => {
    const response = await handler.handle(post({ ...validPayment, description: 'Gift for Alice' }));
    expect(response.statusCode).toBe(201);
    const payment = json(response.body) as { id: string; createdAt: string };
    const [put] = puts();
    const date = payment.createdAt.slice(0, 10).split('-');

    expect(put).toMatchObject({
      Bucket: TEST_BUCKET,
      Key: `audit/yyyy=${date[0]}/mm=${date[1]}/dd=${date[2]}/${payment.id}.json`,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: TEST_KMS_KEY_ARN,
      ContentType: 'application/json',
    });
    const record = JSON.parse(put?.Body as string) as Record<string, unknown>;
    expect(record).toEqual({
      type: 'payment.created',
      version: 1,
      paymentId: payment.id,
      merchantId: 'acme-shop',
      amountMinor: 1250,
      currency: 'EUR',
      status: 'created',
      createdAt: payment.createdAt,
      requestId: expect.any(String),
    });
    expect(put?.Body).not.toContain('Gift for Alice');
  });

  it('accepts a base64-encoded body and a JSON content type with parameters', async () => {
    const request = post(validPayment, randomUUID(), { 'content-type': 'application/json; charset=utf-8' });
    request.body = Buffer.from(request.body as string).toString('base64');
    request.isBase64Encoded = true;
    expect((await handler.handle(request)).statusCode).toBe(201);
  });

  it('stores an omitted or null description as null', async () => {
    const { description: _omitted, ...withoutDescription } = validPayment;
    const omitted = json((await handler.handle(post(withoutDescription))).body);
    const nulled = json((await handler.handle(post({ ...validPayment, description: null }))).body);
    expect([omitted.description, nulled.description]).toEqual([null, null]);
  });
});

describe('idempotency', () => {
  it('answers a retry with the same key and body with the original response, creating nothing new', async () => {
    const key = randomUUID();
    const first = await handler.handle(post(validPayment, key));
    // Same request, other JSON formatting and key order, naming its own merchant this time.
    const reordered = `{ "description": "Order 1001", "merchantId": "acme-shop", "currency": "EUR", "amount": 1250 }`;
    const retry = await handler.handle(post(reordered, key));

    expect(retry.statusCode).toBe(first.statusCode);
    expect(retry.body).toBe(first.body);
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    expect(first.headers?.['idempotent-replayed']).toBeUndefined();
    expect(await rowCount()).toBe(1);
    expect(puts()).toHaveLength(1);
  });

  it('answers 422 naming Idempotency-Key when the key comes back with a different body', async () => {
    const key = randomUUID();
    const first = await handler.handle(post(validPayment, key));
    const other = await handler.handle(post({ ...validPayment, amount: 1251 }, key));

    expect(other.statusCode).toBe(422);
    // RFC 9457 problem details, the type naming the README's row of the error.
    expect(other.headers?.['content-type']).toBe('application/problem+json');
    expect(json(other.body)).toEqual({
      type: 'https://payments.example.com/problems/idempotency_key_reused',
      title: 'The Idempotency-Key was used with a different request',
      status: 422,
      detail: 'this Idempotency-Key was used with a different request',
      code: 'idempotency_key_reused',
      field: 'Idempotency-Key',
    });
    const rows = await db.sql<{ id: string; amount_minor: string }>('SELECT id, amount_minor FROM payments');
    expect(rows).toEqual([{ id: json(first.body).id, amount_minor: '1250' }]);
  });

  it('takes the quoted key of the draft and the bare one as the same key: the second is a replay', async () => {
    const key = randomUUID();
    const quoted = await handler.handle(post(validPayment, `"${key}"`));
    const bare = await handler.handle(post(validPayment, key));

    expect(quoted.statusCode).toBe(201);
    expect(bare.statusCode).toBe(201);
    expect(bare.headers?.['idempotent-replayed']).toBe('true');
    expect(bare.body).toBe(quoted.body);
    expect(await rowCount()).toBe(1);
  });

  it('creates exactly one payment from 100 concurrent identical requests, and answers them all alike', async () => {
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => handler.handle(post(validPayment, key))),
    );

    expect(await rowCount()).toBe(1);
    expect(puts()).toHaveLength(1);
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses.filter((r) => r.headers?.['idempotent-replayed'] === undefined)).toHaveLength(1);
    const [row] = await db.sql<{ id: string }>('SELECT id FROM payments');
    expect(json(responses[0]?.body as string).id).toBe(row?.id);
  });

  it('keeps one payment when concurrent requests race one key with different bodies: the rest get 422', async () => {
    const key = randomUUID();
    const bodies = Array.from({ length: 40 }, (_, i) => ({ ...validPayment, amount: 1000 + (i % 2) }));
    const responses = await Promise.all(bodies.map((body) => handler.handle(post(body, key))));

    expect(await rowCount()).toBe(1);
    const [row] = await db.sql<{ amount_minor: string }>('SELECT amount_minor FROM payments');
    const winner = Number(row?.amount_minor);
    responses.forEach((response, i) => {
      expect(response.statusCode).toBe(bodies[i]?.amount === winner ? 201 : 422);
    });
  });

  it('keeps keys apart: two keys with the same body are two payments', async () => {
    await handler.handle(post(validPayment));
    await handler.handle(post(validPayment));
    expect(await rowCount()).toBe(2);
  });
});

describe('bad input answers 4xx naming the field, and writes nothing', () => {
  const big = 'x'.repeat(MAX_BODY_BYTES);
  const cases: [string, () => ReturnType<typeof post>, number, string, string][] = [
    ['malformed JSON', () => post('{"amount": 12'), 400, 'invalid_json', 'body'],
    ['an empty body', () => post(''), 400, 'invalid_body', 'body'],
    ['a JSON array', () => post('[1250]'), 400, 'invalid_body', 'body'],
    ['a missing amount', () => post({ ...validPayment, amount: undefined }), 400, 'missing_field', 'amount'],
    [
      'a missing currency',
      () => post({ ...validPayment, currency: undefined }),
      400,
      'missing_field',
      'currency',
    ],
    ['a non-integer amount', () => post({ ...validPayment, amount: 12.5 }), 400, 'invalid_field', 'amount'],
    ['a negative amount', () => post({ ...validPayment, amount: -5 }), 400, 'invalid_field', 'amount'],
    ['a zero amount', () => post({ ...validPayment, amount: 0 }), 400, 'invalid_field', 'amount'],
    [
      'an amount as a string',
      () => post({ ...validPayment, amount: '1250' }),
      400,
      'invalid_field',
      'amount',
    ],
    [
      'an amount over the maximum',
      () => post({ ...validPayment, amount: 1_000_001 }),
      400,
      'invalid_field',
      'amount',
    ],
    [
      'an unknown currency',
      () => post({ ...validPayment, currency: 'XYZ' }),
      400,
      'invalid_field',
      'currency',
    ],
    [
      'a lower-case currency',
      () => post({ ...validPayment, currency: 'eur' }),
      400,
      'invalid_field',
      'currency',
    ],
    [
      'an oversized merchantId',
      () => post({ ...validPayment, merchantId: 'm'.repeat(65) }),
      400,
      'invalid_field',
      'merchantId',
    ],
    [
      'a merchantId with spaces',
      () => post({ ...validPayment, merchantId: 'a b' }),
      400,
      'invalid_field',
      'merchantId',
    ],
    [
      'an oversized description',
      () => post({ ...validPayment, description: 'd'.repeat(256) }),
      400,
      'invalid_field',
      'description',
    ],
    [
      'a card number in the description',
      () => post({ ...validPayment, description: 'pan 4111-1111-1111-1111' }),
      400,
      'invalid_field',
      'description',
    ],
    [
      'an unknown field',
      () => post({ ...validPayment, cardNumber: '4111111111111111' }),
      400,
      'invalid_field',
      'cardNumber',
    ],
    ['a missing Idempotency-Key', () => post(validPayment, null), 400, 'missing_header', 'Idempotency-Key'],
    [
      'an oversized Idempotency-Key',
      () => post(validPayment, 'k'.repeat(256)),
      400,
      'invalid_header',
      'Idempotency-Key',
    ],
    [
      'a body over the size limit',
      () => post({ ...validPayment, description: big }),
      413,
      'payload_too_large',
      'body',
    ],
    [
      'a non-JSON content type',
      () => post(validPayment, randomUUID(), { 'Content-Type': 'text/plain' }),
      415,
      'unsupported_media_type',
      'Content-Type',
    ],
  ];

  it.each(cases)('%s', async (_name, request, status, code, field) => {
    const response = await handler.handle(request());
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(json(response.body)).toMatchObject({
      type: `https://payments.example.com/problems/${code}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
      field,
    });
    expect(await rowCount()).toBe(0);
    expect(puts()).toHaveLength(0);
  });

  it.each([
    ['EUR', 1_000_000, 1_000_001, '10000.00 EUR'],
    ['JPY', 1_500_000, 1_500_001, '1500000 JPY'],
    ['KWD', 3_000_000, 3_000_001, '3000.000 KWD'],
  ])(
    'limits %s in its own minor units: %d is accepted, %d is not',
    async (currency, largest, tooLarge, shown) => {
      const ok = await handler.handle(post({ ...validPayment, currency, amount: largest }));
      expect(ok.statusCode).toBe(201);
      expect(json(ok.body)).toMatchObject({ amount: largest, currency });

      const over = await handler.handle(post({ ...validPayment, currency, amount: tooLarge }));
      expect(over.statusCode).toBe(400);
      expect(json(over.body)).toMatchObject({
        code: 'invalid_field',
        field: 'amount',
        details: [{ field: 'amount', message: expect.stringContaining(`(${shown})`) }],
      });
    },
  );

  it('lists every bad field, the first one in `field`', async () => {
    const response = await handler.handle(post({ amount: -1, currency: 'XYZ', merchantId: 'acme-shop' }));
    expect(json(response.body)).toMatchObject({
      field: 'amount',
      details: [
        { field: 'amount', message: 'amount must be a positive integer number of minor units' },
        { field: 'currency', message: 'currency must be one of EUR, GBP, USD, JPY, KWD' },
      ],
    });
  });

  it('reads the Idempotency-Key header whatever its case', async () => {
    const request = post(validPayment, null, { 'idempotency-key': randomUUID() });
    expect((await handler.handle(request)).statusCode).toBe(201);
  });

  it('answers 404 for an unknown route and 405 with Allow for an unknown method', async () => {
    const unknown = await handler.handle(event('GET', '/refunds'));
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown.body)).toMatchObject({ code: 'route_not_found', field: 'path' });

    const wrongMethod = await handler.handle(event('DELETE', '/payments'));
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.allow).toBe('POST');
    expect(json(wrongMethod.body)).toMatchObject({ code: 'method_not_allowed', field: 'method' });

    expect((await handler.handle(event('POST', '/health'))).statusCode).toBe(405);
    expect((await handler.handle(event('constructor', '/health'))).statusCode).toBe(405);
    expect((await handler.handle(event('PUT', `/payments/${randomUUID()}`))).headers?.allow).toBe('GET');
    expect(await rowCount()).toBe(0);
  });
});

describe('GET /payments/{id}', () => {
  it('answers 200 with the payment exactly as it was created', async () => {
    const created = await handler.handle(post(validPayment));
    const id = json(created.body).id as string;
    const read = await handler.handle(get(`/payments/${id}`));
    expect(read.statusCode).toBe(200);
    expect(read.body).toBe(created.body);
  });

  it('answers 404 for a payment that does not exist', async () => {
    const response = await handler.handle(get(`/payments/${randomUUID()}`));
    expect(response.statusCode).toBe(404);
    expect(json(response.body)).toMatchObject({ code: 'payment_not_found', field: 'id' });
  });

  it('answers 400 naming id for an id that is not a payment id', async () => {
    const response = await handler.handle(get('/payments/not-a-uuid'));
    expect(response.statusCode).toBe(400);
    expect(json(response.body)).toMatchObject({ code: 'invalid_field', field: 'id' });
  });
});

describe('routing', () => {
  it("follows API Gateway's resource when a custom domain's base path prefixes the path", async () => {
    const created = json((await handler.handle(post(validPayment))).body);
    const viaDomain = await handler.handle(
      event('GET', `/v1/payments/${created.id}`, {
        resource: '/payments/{id}',
        pathParameters: { id: created.id as string },
      }),
    );
    expect(viaDomain.statusCode).toBe(200);
    expect((await handler.handle(event('GET', '/v1/health', { resource: '/health' }))).statusCode).toBe(200);
  });

  it('routes a direct invocation that carries only the path', async () => {
    const created = json((await handler.handle(post(validPayment))).body);
    expect((await handler.handle(event('GET', `/payments/${created.id}`))).statusCode).toBe(200);
  });
});

describe('GET /health', () => {
  it('answers 200 when the database answers', async () => {
    const response = await handler.handle(get('/health'));
    expect(response.statusCode).toBe(200);
    expect(json(response.body)).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('AWS calls', () => {
  it('are only PutObject, the calls HANDLER_AWS_ACTIONS declares: the database takes an IAM token, not a secret', async () => {
    await handler.handle(post(validPayment));
    await handler.handle(get('/health'));
    const sent = [...aws.secrets.calls(), ...aws.s3.calls()].map((call) => call.args[0].constructor.name);
    expect(new Set(sent)).toEqual(new Set(['PutObjectCommand']));
    expect(HANDLER_AWS_ACTIONS.payments).toEqual(expect.arrayContaining(['s3:PutObject', 'rds-db:connect']));
    expect(HANDLER_AWS_ACTIONS.payments).not.toContain('secretsmanager:GetSecretValue');
  });

  it('connect to the database as payments_app, never as the master user', async () => {
    await handler.handle(post(validPayment));
    await handler.handle(get('/health'));
    const users = await db.sql<{ usename: string }>(
      "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'payments-handler'",
      [db.name],
    );
    expect(users).toEqual([{ usename: 'payments_app' }]);
  });
});

describe('authentication', () => {
  const noRows = async () => expect(await rowCount()).toBe(0);

  it.each<[string, Caller]>([
    ['no authorizer claims at all', null],
    ['claims that are not an object', { claims: 'client_id=x' }],
    [
      'an ID token',
      { claims: { token_use: 'id', client_id: MERCHANTS.acme.clientId, scope: 'payments/write' } },
    ],
    ['an access token without a client', { claims: { token_use: 'access', scope: 'payments/write' } }],
    [
      'a client ID Cognito would not issue',
      { claims: { token_use: 'access', client_id: 'a b', scope: 'x' } },
    ],
    [
      'an access token without scopes',
      { claims: { token_use: 'access', client_id: MERCHANTS.acme.clientId } },
    ],
  ])('answers 401 with a Bearer challenge for %s, and writes nothing', async (_case, caller) => {
    for (const request of [
      post(validPayment, undefined, {}, caller),
      get(`/payments/${randomUUID()}`, caller),
    ]) {
      const response = await handler.handle(request);
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['www-authenticate']).toBe('Bearer realm="payments", error="invalid_token"');
      expect(json(response.body)).toMatchObject({ code: 'unauthenticated', field: 'Authorization' });
    }
    await noRows();
    expect(puts()).toHaveLength(0);
  });

  it('answers 403 for a client of the pool that is no merchant of the API', async () => {
    const response = await handler.handle(
      post(validPayment, undefined, {}, { clientId: STRANGER_CLIENT_ID }),
    );
    expect(response.statusCode).toBe(403);
    expect(json(response.body)).toMatchObject({ code: 'unknown_client' });
    await noRows();
  });

  it('answers 403 insufficient_scope for a token without the scope of the route', async () => {
    const readOnly = { clientId: MERCHANTS.acme.clientId, scopes: ['payments/read'] };
    const writeOnly = { clientId: MERCHANTS.acme.clientId, scopes: ['payments/write'] };
    const created = json((await handler.handle(post(validPayment, undefined, {}, writeOnly))).body);

    const write = await handler.handle(post(validPayment, undefined, {}, readOnly));
    expect(write.statusCode).toBe(403);
    expect(json(write.body)).toMatchObject({ code: 'insufficient_scope', field: 'Authorization' });
    expect(write.headers?.['www-authenticate']).toBe(
      'Bearer realm="payments", error="insufficient_scope", scope="payments/write"',
    );
    const read = await handler.handle(get(`/payments/${String(created.id)}`, writeOnly));
    expect(read.statusCode).toBe(403);
    expect(json(read.body)).toMatchObject({ code: 'insufficient_scope' });
    expect(await rowCount()).toBe(1);
  });

  it('leaves /health open: no token needed, and nothing about payments in the answer', async () => {
    await handler.handle(post(validPayment));
    const response = await handler.handle(get('/health', null));
    expect(response.statusCode).toBe(200);
    expect(json(response.body)).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another merchant's payment, exactly as for one that does not exist", async () => {
    const created = json((await handler.handle(post(validPayment))).body);
    const theirs = await handler.handle(get(`/payments/${String(created.id)}`, GLOBEX));
    const missing = await handler.handle(get(`/payments/${randomUUID()}`, GLOBEX));

    expect(theirs.statusCode).toBe(404);
    expect(json(theirs.body)).toEqual({
      type: 'https://payments.example.com/problems/payment_not_found',
      title: 'No such payment',
      status: 404,
      detail: `payment ${String(created.id)} does not exist`,
      code: 'payment_not_found',
      field: 'id',
    });
    expect(Object.keys(theirs.headers ?? {}).sort()).toEqual(Object.keys(missing.headers ?? {}).sort());
    expect(json(missing.body)).toMatchObject({ code: 'payment_not_found', field: 'id' });
    // Its owner still reads it.
    expect((await handler.handle(get(`/payments/${String(created.id)}`))).statusCode).toBe(200);
  });

  it('answers 403 to a body naming another merchant, and writes no row and no audit record', async () => {
    const response = await handler.handle(post({ ...validPayment, merchantId: 'globex' }));
    expect(response.statusCode).toBe(403);
    expect(json(response.body)).toMatchObject({ code: 'merchant_mismatch', field: 'merchantId' });
    expect(await rowCount()).toBe(0);
    expect(puts()).toHaveLength(0);
  });

  it('keeps idempotency keys per merchant: the same key from two merchants makes two payments', async () => {
    const key = 'order-1';
    const acme = await handler.handle(post(validPayment, key));
    const globex = await handler.handle(post({ ...validPayment, amount: 99 }, key, {}, GLOBEX));

    expect([acme.statusCode, globex.statusCode]).toEqual([201, 201]);
    expect(globex.headers?.['idempotent-replayed']).toBeUndefined();
    expect(json(globex.body)).toMatchObject({ amount: 99, merchantId: 'globex' });
    const rows = await db.sql<{ merchant_id: string; idempotency_key: string; amount_minor: string }>(
      'SELECT merchant_id, idempotency_key, amount_minor FROM payments ORDER BY merchant_id',
    );
    expect(rows).toEqual([
      { merchant_id: 'acme-shop', idempotency_key: key, amount_minor: '1250' },
      { merchant_id: 'globex', idempotency_key: key, amount_minor: '99' },
    ]);
    // Within one merchant, replay and 422 are unchanged.
    const replay = await handler.handle(post({ ...validPayment, amount: 99 }, key, {}, GLOBEX));
    expect([replay.statusCode, replay.headers?.['idempotent-replayed'], replay.body]).toEqual([
      201,
      'true',
      globex.body,
    ]);
    expect((await handler.handle(post({ ...validPayment, amount: 98 }, key, {}, GLOBEX))).statusCode).toBe(
      422,
    );
    expect(await rowCount()).toBe(2);
  });

  it('never answers one merchant with the response stored for the other under the same key', async () => {
    const key = randomUUID();
    const acme = await handler.handle(post(validPayment, key));
    const globex = await handler.handle(post(validPayment, key, {}, GLOBEX));
    expect(json(globex.body).id).not.toBe(json(acme.body).id);
    expect(json(globex.body).merchantId).toBe('globex');
  });
});

describe('logs', () => {
  it('writes one JSON line per request with its outcome, never a secret, a body or a key', async () => {
    const logs = captureLogs();
    const logged = createPaymentsHandler({ env: db.env, credentials: appCredentials(), logSink: logs.sink });
    const key = `key-${randomUUID()}`;
    const secretDescription = 'Birthday present for Alice';
    try {
      await logged.handle(post({ ...validPayment, description: secretDescription }, key));
      await logged.handle(post({ ...validPayment, description: secretDescription }, key));
      await logged.handle(post({ ...validPayment, amount: 7 }, key));
      await logged.handle(post('{"amount": "oops", "merchantId": "merchant_secret_99"', key));
      await logged.handle(post(validPayment, undefined, {}, null));
      await logged.handle(get('/health'));
    } finally {
      await logged.close();
    }

    const entries = logs.entries();
    const completed = entries.filter((entry) => entry.msg === 'request completed');
    expect(completed.map((entry) => [entry.route, entry.status, entry.outcome ?? entry.errorCode])).toEqual([
      ['POST /payments', 201, 'created'],
      ['POST /payments', 201, 'replayed'],
      ['POST /payments', 422, 'conflict'],
      ['POST /payments', 400, 'invalid_json'],
      ['POST /payments', 401, 'unauthenticated'],
      ['GET /health', 200, undefined],
    ]);
    // The client is named (client IDs are not secrets), the merchant is not.
    expect(completed[0]?.clientId).toBe(MERCHANTS.acme.clientId);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        level: expect.any(String),
        msg: expect.any(String),
        service: 'payments-api',
      });
    }
    const all = logs.lines.join('\n');
    for (const forbidden of [
      process.env.PGPASSWORD as string,
      secretDescription,
      MERCHANTS.acme.merchantId,
      'merchant_secret_99',
      key,
    ]) {
      expect(all).not.toContain(forbidden);
    }
  });
});
