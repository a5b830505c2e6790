import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsOptions } from './db';
import { createPaymentsHandler } from './handler';
import { mockAws } from './testing/aws';
import { createTestDatabase, TEST_SECRET_ARN, testPassword, type TestDatabase } from './testing/database';
import { captureLogs, get, post, validPayment } from './testing/events';

const aws = mockAws();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

beforeEach(() => aws.reset());

afterAll(async () => {
  await db.drop();
  aws.restore();
});

const secretCalls = () => aws.secrets.commandCalls(GetSecretValueCommand);

describe('the database secret', () => {
  it('is read once per container, by its ARN, however many requests and connections follow', async () => {
    const container = createPaymentsHandler({ env: db.env, poolMax: 10, logSink: () => undefined });
    try {
      await Promise.all(Array.from({ length: 20 }, () => container.handle(post(validPayment))));
      await container.handle(get('/health'));
      await container.handle(get(`/payments/00000000-0000-4000-8000-000000000000`));
      expect(secretCalls().map((call) => call.args[0].input)).toEqual([{ SecretId: TEST_SECRET_ARN }]);
      expect(container.secretFetches).toBe(1);
    } finally {
      await container.close();
    }

    const next = createPaymentsHandler({ env: db.env, logSink: () => undefined });
    try {
      await next.handle(get('/health'));
      expect(secretCalls()).toHaveLength(2);
    } finally {
      await next.close();
    }
  });

  it('is read again when the database rejects the cached password (the managed secret was rotated)', async () => {
    aws.secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: 'dbadmin', password: 'rotated-away' }) })
      .resolves({ SecretString: JSON.stringify({ username: 'dbadmin', password: testPassword() }) });
    const container = createPaymentsHandler({ env: db.env, logSink: () => undefined });
    try {
      const response = await container.handle(get('/health'));
      // A server that trusts every local connection never asks for the password.
      if (process.env.PGPASSWORD) expect(secretCalls()).toHaveLength(2);
      expect(response.statusCode).toBe(200);
    } finally {
      await container.close();
    }
  });

  it('is not cached when reading it failed: the request answers 503 and the next one reads it again', async () => {
    aws.secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('Rate exceeded'))
      .resolves({ SecretString: JSON.stringify({ password: testPassword() }) });
    const container = createPaymentsHandler({ env: db.env, logSink: () => undefined });
    try {
      expect((await container.handle(post(validPayment))).statusCode).toBe(503);
      expect((await container.handle(post(validPayment))).statusCode).toBe(201);
      expect(secretCalls()).toHaveLength(2);
    } finally {
      await container.close();
    }
  });

  it('never reaches the logs, even when it is malformed', async () => {
    aws.secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not json: hunter2' });
    const logs = captureLogs();
    const container = createPaymentsHandler({ env: db.env, logSink: logs.sink });
    try {
      expect((await container.handle(get('/health'))).statusCode).toBe(503);
      expect(logs.lines.join('\n')).not.toContain('hunter2');
      expect(logs.lines.join('\n')).toContain('is not JSON');
    } finally {
      await container.close();
    }
  });
});

describe('configuration', () => {
  it('answers 500 and logs the missing variable when the environment is incomplete', async () => {
    const logs = captureLogs();
    const { DB_HOST: _unset, ...env } = db.env;
    const container = createPaymentsHandler({ env, logSink: logs.sink });
    const response = await container.handle(get('/health'));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'internal_error', message: 'internal error' },
    });
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        errorName: 'ConfigError',
        errorMessage: 'DB_HOST is not set',
      }),
    );
    await container.close();
  });
});

describe('TLS', () => {
  it('verifies the server certificate against the RDS CA bundle when the runtime ships it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'));
    const bundle = join(dir, 'ca-cert.pem');
    writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    try {
      expect(tlsOptions('verify-full', bundle)).toEqual({
        rejectUnauthorized: true,
        ca: expect.stringContaining('BEGIN CERTIFICATE'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("verifies against Node's roots elsewhere, and is off only for DB_SSL=disable", () => {
    expect(tlsOptions('verify-full', '/nonexistent/ca-cert.pem')).toEqual({ rejectUnauthorized: true });
    expect(tlsOptions('disable')).toBe(false);
  });
});
