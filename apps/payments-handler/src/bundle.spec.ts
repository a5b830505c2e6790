import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBundles } from '../scripts/build';
import { HANDLER_KINDS } from './environment';
import { readMigrations } from './migrations';
import {
  createTestDatabase,
  TEST_BUCKET,
  TEST_KMS_KEY_ARN,
  testPassword,
  type TestDatabase,
} from './testing/database';

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
  kind: string,
  events: unknown[],
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
  const env = {
    ...db.env,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
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

const proxyEvent = (
  httpMethod: string,
  path: string,
  headers: Record<string, string> = {},
  body: string | null = null,
) => ({
  httpMethod,
  path,
  headers,
  multiValueHeaders: {},
  body,
  isBase64Encoded: false,
  requestContext: { requestId: `req-${Math.random()}` },
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
    expect(secretReads.map((r) => JSON.parse(r.body))).toEqual([{ SecretId: db.env.DB_SECRET_ARN }]);
  });

  it('ships a payments bundle that serves the API and writes the audit record with SSE-KMS', async () => {
    const before = awsRequests.length;
    const body = JSON.stringify({ amount: 500, currency: 'GBP', merchantId: 'shop-1' });
    const json = { 'content-type': 'application/json' };
    const { results, logs } = await invoke('payments', [
      proxyEvent('GET', '/health'),
      proxyEvent('POST', '/payments', { ...json, 'idempotency-key': 'bundle-1' }, body),
      proxyEvent('POST', '/payments', { ...json, 'idempotency-key': 'bundle-1' }, body),
      proxyEvent('POST', '/payments', json, body),
    ]);
    const statuses = (results as { statusCode: number }[]).map((result) => result.statusCode);
    expect(statuses).toEqual([200, 201, 201, 400]);
    expect(logs.filter((log) => log.msg === 'request completed')).toHaveLength(4);

    const calls = awsRequests.slice(before);
    expect(calls.filter((r) => r.target === 'secretsmanager.GetSecretValue')).toHaveLength(1);
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

function isBuiltin(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:module') as typeof import('node:module')).isBuiltin(name);
}
