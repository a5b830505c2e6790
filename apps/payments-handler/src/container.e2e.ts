import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsOptions } from './db';
import { createPaymentsHandler } from './handler';
import type { IamTokenConfig } from './iam-auth';
import { createMigrationsHandler } from './migrate';
import { mockAws } from './testing/aws';
import { createTestDatabase, TEST_SECRET_ARN, testPassword, type TestDatabase } from './testing/database';
import { captureLogs, get, post, validPayment } from './testing/events';

const aws = mockAws();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.migrate();
});

beforeEach(async () => {
  aws.reset();
  await db.sql('TRUNCATE payments CASCADE');
});

afterAll(async () => {
  await db.drop();
  aws.restore();
});

const secretCalls = () => aws.secrets.commandCalls(GetSecretValueCommand);

/** A token signer that records what it signed for; `fail` makes the next signing fail. */
function recordingSigner() {
  const signed: IamTokenConfig[] = [];
  let failures = 0;
  return {
    signed,
    failNext: () => (failures += 1),
    sign: async (config: IamTokenConfig) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('CredentialsProviderError: could not load credentials');
      }
      signed.push(config);
      return `${config.host}:${config.port}/?Action=connect&DBUser=${config.user}&X-Amz-Signature=test`;
    },
  };
}

describe("the payments function's database credentials", () => {
  it('are IAM tokens for payments_app, one per endpoint per container, whatever the requests; no secret is read', async () => {
    const signer = recordingSigner();
    const container = createPaymentsHandler({
      env: db.env,
      tokenSigner: signer.sign,
      poolMax: 10,
      logSink: () => undefined,
    });
    try {
      await Promise.all(Array.from({ length: 20 }, () => container.handle(post(validPayment))));
      await container.handle(get('/health'));
      await container.handle(get(`/payments/00000000-0000-4000-8000-000000000000`));
      const endpoint = { host: db.env.DB_HOST, port: Number(db.env.DB_PORT), user: 'payments_app' };
      // The writer's and the reader's (one host here, two endpoints on Aurora).
      expect(signer.signed).toEqual([endpoint, endpoint]);
      expect(container.credentialFetches).toBe(2);
      expect(secretCalls()).toHaveLength(0);
    } finally {
      await container.close();
    }
  });

  it('answer 503 when no token can be signed, writing nothing, and are signed again by the next request', async () => {
    const signer = recordingSigner();
    signer.failNext();
    const container = createPaymentsHandler({
      env: db.env,
      tokenSigner: signer.sign,
      logSink: () => undefined,
    });
    try {
      expect((await container.handle(post(validPayment))).statusCode).toBe(503);
      expect(await db.sql('SELECT id FROM payments')).toEqual([]);
      expect((await container.handle(post(validPayment))).statusCode).toBe(201);
    } finally {
      await container.close();
    }
  });
});

describe("the migrations function's master secret", () => {
  const migrations = (logSink = captureLogs().sink) =>
    createMigrationsHandler({ env: db.migrationsEnv, logSink });

  it('is read once per container, by its ARN, however many invocations follow', async () => {
    const container = migrations();
    try {
      await container.handle();
      await container.handle();
      expect(secretCalls().map((call) => call.args[0].input)).toEqual([{ SecretId: TEST_SECRET_ARN }]);
    } finally {
      await container.close();
    }
  });

  it('is read again when the database rejects the cached password (the managed secret was rotated)', async () => {
    aws.secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: 'dbadmin', password: 'rotated-away' }) })
      .resolves({ SecretString: JSON.stringify({ username: 'dbadmin', password: testPassword() }) });
    const container = migrations();
    try {
      await expect(container.handle()).resolves.toMatchObject({ applied: [] });
      // A server that trusts every local connection never asks for the password.
      if (process.env.PGPASSWORD) expect(secretCalls()).toHaveLength(2);
    } finally {
      await container.close();
    }
  });

  it('is not cached when reading it failed: the invocation fails and the next one reads it again', async () => {
    aws.secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('Rate exceeded'))
      .resolves({ SecretString: JSON.stringify({ password: testPassword() }) });
    const container = migrations();
    try {
      await expect(container.handle()).rejects.toThrow('Rate exceeded');
      await expect(container.handle()).resolves.toMatchObject({ applied: [] });
      expect(secretCalls()).toHaveLength(2);
    } finally {
      await container.close();
    }
  });

  it('never reaches the logs, even when it is malformed', async () => {
    aws.secrets.on(GetSecretValueCommand).resolves({ SecretString: 'not json: hunter2' });
    const logs = captureLogs();
    const container = migrations(logs.sink);
    try {
      await expect(container.handle()).rejects.toThrow('is not JSON');
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
      type: 'https://payments.example.com/problems/internal_error',
      title: 'Internal error',
      status: 500,
      detail: 'internal error',
      code: 'internal_error',
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
