import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBundles } from '../scripts/build';
import { HANDLER_KINDS } from './environment';
import { readMigrations } from './migrations';
import {
  createTestDatabase,
  MERCHANTS,
  TEST_BUCKET,
  TEST_KMS_KEY_ARN,
  testPassword,
  type TestDatabase,
} from './testing/database';
import { accessTokenClaims } from './testing/events';

/**
 * The built artifacts, run the way Lambda runs them: each bundle alone in a directory with no node_modules
 * anywhere above it, in a process whose environment is the function's variables only, with the real AWS SDK
 * talking HTTP to a local stand-in for Secrets Manager and S3.
 */

const run = promisify(execFile);
let db: TestDatabase;
let dist: string;
let aws: Server;
let awsUrl: string;
const awsRequests: {
  target: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}[] = [];

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'payments-bundle-'));
  await buildBundles(dist);
  db = await createTestDatabase();

  aws = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      awsRequests.push({ target, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (target === 'secretsmanager.GetSecretValue') {
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            ARN: SecretId,
            Name: 'db',
            SecretString: JSON.stringify({ password: testPassword() }),
          }),
        );
      } else if (req.method === 'PUT') {
        res.writeHead(200, { etag: '"0123456789abcdef"' });
        res.end();
      } else {
        res.writeHead(400);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  awsUrl = `http://127.0.0.1:${(aws.address() as { port: number }).port}`;
});

afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await db.drop();
  await new Promise<void>((resolve) => aws.close(() => resolve()));
});

/** Loads `dist/<kind>/index.js` in a fresh Node process and calls its `handler` with each event in turn. */
async function invoke(
  kind: 'payments' | 'migrations',
  events: unknown[],
  overrides: Record<string, string> = {},
): Promise<{ results: unknown[]; logs: Record<string, unknown>[] }> {
  const script = `
    const { handler } = require(process.argv[1]);
    (async () => {
      const results = [];
      for (const event of JSON.parse(process.argv[2])) {
        // What Lambda passes: the request id, and the time left before the function's timeout.
        const end = Date.now() + 10000;
        results.push(await handler(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => end - Date.now() }));
      }
      process.stdout.write('RESULTS ' + JSON.stringify(results) + '\\n');
    })().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });`;
  // The function's variables, and what Lambda adds: the region and the role's credentials (AWS's documentation's
  // example keys: the IAM token is signed locally, and the stand-in checks no signature).
  const env = {
    ...(kind === 'payments' ? db.env : db.migrationsEnv),
    ...overrides,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: awsUrl,
    AWS_CONFIG_FILE: join(dist, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dist, 'no-aws-credentials'),
  };
  const { stdout } = await run(
    process.execPath,
    ['-e', script, join(dist, kind, 'index.js'), JSON.stringify(events)],
    {
      env,
      cwd: dist,
    },
  );
  const lines = stdout.trim().split('\n');
  const results = lines.find((line) => line.startsWith('RESULTS '));
  if (!results) throw new Error(`no results from the ${kind} bundle:\n${stdout}`);
  return {
    results: JSON.parse(results.slice('RESULTS '.length)) as unknown[],
    logs: lines
      .filter((line) => !line.startsWith('RESULTS '))
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** An API Gateway event; `claims`: what the Cognito authorizer verified (none on the public route). */
const proxyEvent = (
  httpMethod: string,
  path: string,
  headers: Record<string, string> = {},
  body: string | null = null,
  claims: Record<string, string> | null = accessTokenClaims(MERCHANTS.acme.clientId),
) => ({
  httpMethod,
  path,
  headers,
  multiValueHeaders: {},
  body,
  isBase64Encoded: false,
  requestContext: { requestId: `req-${Math.random()}`, ...(claims ? { authorizer: { claims } } : {}) },
});

describe('the build', () => {
  it('writes index.js and its source map for each function, and nothing else', () => {
    for (const kind of HANDLER_KINDS) {
      expect(readdirSync(join(dist, kind)).sort()).toEqual(['index.js', 'index.js.map']);
    }
    expect(existsSync(join(dist, 'migrations', 'migrations'))).toBe(false);
  });

  it('requires nothing at run time but Node built-ins', () => {
    for (const kind of HANDLER_KINDS) {
      const source = readFileSync(join(dist, kind, 'index.js'), 'utf8');
      // `[require("...")]` occurs in the AWS SDK's error messages only.
      const required = [...source.matchAll(/(?<!\[)\brequire\("([^"]+)"\)/g)].map(
        (match) => match[1] as string,
      );
      const external = required.filter((name) => !name.startsWith('node:') && !isBuiltin(name));
      expect(external.filter((name) => name !== 'pg-native')).toEqual([]);
    }
  });

  it('ships a migrations bundle that applies the embedded SQL, once, reading the secret once', async () => {
    const before = awsRequests.length;
    const files = readMigrations().map((migration) => migration.file);
    const { results } = await invoke('migrations', [{}, {}]);

    expect(results).toEqual([
      { applied: files, skipped: [] },
      { applied: [], skipped: files },
    ]);
    const secretReads = awsRequests.slice(before).filter((r) => r.target === 'secretsmanager.GetSecretValue');
    expect(secretReads.map((r) => JSON.parse(r.body))).toEqual([
      { SecretId: db.migrationsEnv.DB_SECRET_ARN },
    ]);
  });

  it('ships a payments bundle that serves the API as payments_app and writes the audit record with SSE-KMS', async () => {
    const before = awsRequests.length;
    const body = JSON.stringify({ amount: 500, currency: 'GBP' });
    const json = { 'content-type': 'application/json' };
    const { results, logs } = await invoke('payments', [
      proxyEvent('GET', '/health', {}, null, null),
      proxyEvent('POST', '/payments', { ...json, 'idempotency-key': 'bundle-1' }, body),
      proxyEvent('POST', '/payments', { ...json, 'idempotency-key': 'bundle-1' }, body),
      proxyEvent('POST', '/payments', json, body),
      proxyEvent('POST', '/payments', { ...json, 'idempotency-key': 'bundle-2' }, body, null),
    ]);
    const statuses = (results as { statusCode: number }[]).map((result) => result.statusCode);
    expect(statuses).toEqual([200, 201, 201, 400, 401]);
    expect(logs.filter((log) => log.msg === 'request completed')).toHaveLength(5);
    expect(JSON.parse((results[1] as { body: string }).body)).toMatchObject({ merchantId: 'acme-shop' });

    const calls = awsRequests.slice(before);
    // IAM authentication: no secret is read.
    expect(calls.filter((r) => r.target === 'secretsmanager.GetSecretValue')).toHaveLength(0);
    const puts = calls.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    const { id } = JSON.parse((results[1] as { body: string }).body) as { id: string };
    expect(decodeURIComponent(puts[0]?.url ?? '')).toMatch(
      new RegExp(`^/${TEST_BUCKET}/audit/yyyy=\\d{4}/mm=\\d\\d/dd=\\d\\d/${id}\\.json`),
    );
    expect(puts[0]?.headers).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': TEST_KMS_KEY_ARN,
    });
  });
});

/**
 * A PostgreSQL endpoint that only authenticates: it asks for the password in clear (as RDS does for a role that
 * signs in with an IAM token), records what was presented, and refuses it with 28P01.
 */
async function capturingEndpoint(): Promise<{
  server: TcpServer;
  port: number;
  presented: { user: string; database: string; password: string }[];
}> {
  const presented: { user: string; database: string; password: string }[] = [];
  const server = createTcpServer((socket) => {
    let buffer = Buffer.alloc(0);
    let startup: Record<string, string> | undefined;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!startup) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        // int32 length, int32 protocol 3.0, then name\0value\0 pairs and a final \0.
        const pairs = buffer
          .subarray(8, length - 1)
          .toString('utf8')
          .split('\0');
        startup = Object.fromEntries(
          pairs.flatMap((_, i) => (i % 2 === 0 && pairs[i] ? [[pairs[i], pairs[i + 1] ?? '']] : [])),
        );
        buffer = buffer.subarray(length);
        // AuthenticationCleartextPassword.
        const request = Buffer.alloc(9);
        request.write('R', 0);
        request.writeInt32BE(8, 1);
        request.writeInt32BE(3, 5);
        socket.write(request);
      }
      if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      if (buffer.toString('utf8', 0, 1) !== 'p') {
        socket.destroy();
        return;
      }
      const password = buffer.subarray(5, 1 + buffer.readInt32BE(1) - 1).toString('utf8');
      presented.push({ user: startup.user ?? '', database: startup.database ?? '', password });
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'MPAM authentication failed for user "payments_app"'];
      const payload = Buffer.from(`${fields.join('\0')}\0\0`, 'utf8');
      const error = Buffer.alloc(5);
      error.write('E', 0);
      error.writeInt32BE(payload.length + 4, 1);
      socket.end(Buffer.concat([error, payload]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, presented };
}

describe('the payments bundle against a database that checks IAM tokens', () => {
  it("presents a SigV4 IAM token for payments_app at the endpoint's host and port, as the password", async () => {
    const endpoint = await capturingEndpoint();
    try {
      const { results } = await invoke('payments', [proxyEvent('GET', '/health', {}, null, null)], {
        DB_HOST: '127.0.0.1',
        DB_READER_HOST: '127.0.0.1',
        DB_PORT: String(endpoint.port),
      });
      // The refused token is signed again once, then the health check gives up.
      expect((results[0] as { statusCode: number }).statusCode).toBe(503);
      expect(endpoint.presented.length).toBeGreaterThanOrEqual(1);
      for (const { user, database, password } of endpoint.presented) {
        expect([user, database]).toEqual(['payments_app', db.name]);
        expect(password.startsWith(`127.0.0.1:${endpoint.port}/?`)).toBe(true);
        const query = new URLSearchParams(password.slice(password.indexOf('?') + 1));
        expect(query.get('Action')).toBe('connect');
        expect(query.get('DBUser')).toBe('payments_app');
        expect(query.get('X-Amz-Credential')).toMatch(/\/us-east-1\/rds-db\/aws4_request$/);
        expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      }
    } finally {
      await new Promise<void>((resolve) => endpoint.server.close(() => resolve()));
    }
  });
});

function isBuiltin(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:module') as typeof import('node:module')).isBuiltin(name);
}
