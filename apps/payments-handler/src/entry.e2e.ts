import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler as paymentsHandler } from './handler';
import { handler as migrationsHandler } from './migrate';
import { readMigrations } from './migrations';
import { mockAws } from './testing/aws';
import { createTestDatabase, type TestDatabase } from './testing/database';
import { get, post, validPayment } from './testing/events';

// The Lambda entry points keep one container per module, as a warm Lambda does, and log to stdout.
const aws = mockAws();
let db: TestDatabase;
let stdout: jest.SpyInstance;
const savedEnv = { ...process.env };

beforeAll(async () => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  db = await createTestDatabase();
});

afterAll(async () => {
  process.env = savedEnv;
  await db.drop();
  aws.restore();
  stdout.mockRestore();
});

const logLines = (): Record<string, unknown>[] =>
  stdout.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
const context = { awsRequestId: 'lambda-request-1' } as Context;
const secretCalls = () => aws.secrets.commandCalls(GetSecretValueCommand).length;

describe('the migrations function', () => {
  it('applies every migration on its first invocation and nothing on the next', async () => {
    Object.assign(process.env, db.migrationsEnv);
    const files = readMigrations().map((migration) => migration.file);
    expect(await migrationsHandler()).toEqual({ applied: files, skipped: [] });
    expect(await migrationsHandler()).toEqual({ applied: [], skipped: files });
    expect(secretCalls()).toBe(1);
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        service: 'payments-migrations',
        msg: 'migrations complete',
        applied: files.length,
      }),
    );
  });
});

describe('the payments function', () => {
  it('reads process.env on its first request, then serves from one container, signing IAM tokens itself', async () => {
    // What Lambda gives the function: its role's credentials (AWS's documentation's example keys here: signing
    // an IAM token is local) and its region; the test server lets payments_app in as Aurora lets a valid token.
    Object.assign(process.env, db.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    const before = secretCalls();
    const created = await paymentsHandler(post(validPayment) as APIGatewayProxyEvent, context);
    const health = await paymentsHandler(get('/health') as APIGatewayProxyEvent, context);

    expect([created.statusCode, health.statusCode]).toEqual([201, 200]);
    expect(secretCalls() - before).toBe(0);
    expect(logLines().at(-1)).toMatchObject({
      service: 'payments-api',
      msg: 'request completed',
      lambdaRequestId: 'lambda-request-1',
      route: 'GET /health',
      status: 200,
    });
  });
});
