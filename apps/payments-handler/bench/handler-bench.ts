/**
 * Drives the payments handler in-process against a local PostgreSQL and prints p50/p99 latency and
 * requests per second for create, replay and read, beside the same figures for a bare `SELECT 1` round
 * trip on the same server (the floor). Secrets Manager and S3 are mocked (aws-sdk-client-mock), so the
 * audit write costs nothing here; on Lambda it adds one S3 PutObject to every create.
 *
 *   node -r @swc-node/register apps/payments-handler/bench/handler-bench.ts [--requests=2000] [--concurrency=1,16]
 *
 * Then a burst: 500 concurrent creates against a database that takes only 40 connections from payments_app (a role
 * connection limit stands for a small Aurora's max_connections), once with a container per request (Lambda
 * scaling without a bound: the database refuses most of them, which the handler answers as 503s) and once with the
 * requests spread over as many containers as the database can take (reserved concurrency): no connection error
 * reaches a client.
 *
 * Uses the server named by PGHOST/DATABASE_URL, else starts one (fsync on) and removes it afterwards.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createPaymentsHandler } from '../src/handler';
import { mockAws } from '../src/testing/aws';
import { adminConnectionConfig, appCredentials, createTestDatabase } from '../src/testing/database';
import { post, get, validPayment } from '../src/testing/events';
import { startPostgres, stopPostgres } from '../src/testing/postgres';

interface Figures {
  name: string;
  concurrency: number;
  requests: number;
  p50: number;
  p99: number;
  perSecond: number;
}

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Runs `requests` calls of `call(i)`, `concurrency` at a time; checks each answer with `ok`. */
async function measure(
  name: string,
  requests: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests) {
      const i = next++;
      const start = performance.now();
      await call(i);
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency,
    requests,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: requests / elapsed,
  };
}

interface Burst {
  name: string;
  containers: number;
  creates: number;
  statuses: Record<number, number>;
  p50: number;
  p99: number;
}

/**
 * `creates` concurrent POSTs spread over `containers` handler instances (one Lambda container each: one request at a
 * time, one connection per pool); returns the answers' statuses and latencies (each from the burst's start, so
 * time spent queued for a container counts).
 */
async function burst(
  name: string,
  env: Record<string, string>,
  creates: number,
  containers: number,
): Promise<Burst> {
  const handlers = Array.from({ length: containers }, () =>
    createPaymentsHandler({ env, credentials: appCredentials(), logSink: () => undefined }),
  );
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      handlers.map(async (handler) => {
        while (next < creates) {
          next += 1;
          const response = await handler.handle(post(validPayment));
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          latencies.push(performance.now() - started);
        }
      }),
    );
  } finally {
    await Promise.all(handlers.map((handler) => handler.close()));
  }
  latencies.sort((a, b) => a - b);
  return {
    name,
    containers,
    creates,
    statuses,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** payments_app may hold this many connections during the burst: a small database. */
const BURST_CONNECTION_LIMIT = 40;
const BURST_CREATES = 500;

function expectStatus(status: number) {
  return (response: { statusCode: number }) => {
    if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}`);
  };
}

async function main(): Promise<void> {
  const requests = Number(option('requests', '2000'));
  const levels = option('concurrency', '1,16').split(',').map(Number);
  const server = await startPostgres({ durable: true });
  Object.assign(process.env, server.env);
  const aws = mockAws();
  const db = await createTestDatabase();
  await db.migrate();
  const [{ server_version: serverVersion } = { server_version: '?' }] = await db.sql<{
    server_version: string;
  }>('SHOW server_version');
  const rows: Figures[] = [];
  const bursts: Burst[] = [];

  try {
    for (const concurrency of levels) {
      const floor = new Pool({ ...adminConnectionConfig(db.name), max: concurrency });
      floor.on('error', (error) => process.stderr.write(`idle floor connection failed: ${error.message}\n`));
      // As payments_app; the test server lets it in without an IAM token (src/testing/postgres-server.ts).
      const handler = createPaymentsHandler({
        env: db.env,
        credentials: appCredentials(),
        poolMax: concurrency,
        logSink: () => undefined,
      });
      try {
        // Warm up: connections, JIT.
        await measure('warm-up', 200, concurrency, async () => {
          await floor.query('SELECT 1');
          await handler.handle(get('/health'));
        });

        rows.push(await measure('SELECT 1 (floor)', requests, concurrency, () => floor.query('SELECT 1')));

        const ids: string[] = [];
        const keys: string[] = [];
        const body = JSON.stringify(validPayment);
        rows.push(
          await measure('POST /payments (create)', requests, concurrency, async (i) => {
            keys[i] = randomUUID();
            const response = await handler.handle(post(body, keys[i] as string));
            expectStatus(201)(response);
            ids[i] = (JSON.parse(response.body) as { id: string }).id;
          }),
        );
        rows.push(
          await measure('POST /payments (replay)', requests, concurrency, async (i) => {
            expectStatus(201)(await handler.handle(post(body, keys[i] as string)));
          }),
        );
        rows.push(
          await measure('GET /payments/{id}', requests, concurrency, async (i) => {
            expectStatus(200)(await handler.handle(get(`/payments/${ids[i]}`)));
          }),
        );
      } finally {
        await handler.close();
        await floor.end();
      }
    }
    // The burst. Roles belong to the server: the limit is lifted again before the database is dropped.
    await db.sql(`ALTER ROLE payments_app CONNECTION LIMIT ${BURST_CONNECTION_LIMIT}`);
    try {
      bursts.push(await burst('one container per request (no bound)', db.env, BURST_CREATES, BURST_CREATES));
      // Reserved concurrency: as many containers as connections the database can take (one writer connection each).
      bursts.push(
        await burst('reserved concurrency = connection limit', db.env, BURST_CREATES, BURST_CONNECTION_LIMIT),
      );
    } finally {
      await db.sql('ALTER ROLE payments_app CONNECTION LIMIT -1');
    }
  } finally {
    await db.drop();
    aws.restore();
    await stopPostgres(server);
  }

  process.stdout.write(
    `\nPostgreSQL ${serverVersion} on ${server.env.PGHOST}${server.dir ? ' (started here, fsync on)' : ''}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ` +
      `${requests} requests per row\n\n`,
  );
  process.stdout.write(
    '| operation | concurrency | p50 ms | p99 ms | requests/s |\n|---|---:|---:|---:|---:|\n',
  );
  for (const row of rows) {
    process.stdout.write(
      `| ${row.name} | ${row.concurrency} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${Math.round(row.perSecond)} |\n`,
    );
  }
  process.stdout.write(
    `\nBurst: ${BURST_CREATES} concurrent creates, payments_app limited to ${BURST_CONNECTION_LIMIT} connections\n\n` +
      '| containers | creates | 201 | 503 | other | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|---:|\n',
  );
  for (const b of bursts) {
    const other = b.creates - (b.statuses[201] ?? 0) - (b.statuses[503] ?? 0);
    process.stdout.write(
      `| ${b.name}: ${b.containers} | ${b.creates} | ${b.statuses[201] ?? 0} | ${b.statuses[503] ?? 0} | ${other} | ${b.p50.toFixed(0)} | ${b.p99.toFixed(0)} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
