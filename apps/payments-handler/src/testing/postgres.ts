import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import type { ServerInfo } from './postgres-server';

/** The connection the tests and the benchmark use, as libpq's PG* variables. */
export interface PostgresServer {
  env: Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE', string>;
  /** Set when this process started the server (and so must stop it): its temporary directory. */
  dir?: string;
  /** PostgreSQL's major.minor version, when this process started the server. */
  version?: string;
  /** Stops a server this process started; undefined for one it was pointed at. */
  stop?: () => Promise<void>;
}

export const APP_DIR = resolve(__dirname, '..', '..');
export const SERVER_SCRIPT = resolve(__dirname, 'postgres-server.ts');

/** PG* variables from a `postgres://user:password@host:port/database` URL. */
export function fromDatabaseUrl(url: string): PostgresServer['env'] {
  const parsed = new URL(url);
  return {
    PGHOST: decodeURIComponent(parsed.hostname),
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
  };
}

/** `node -r @swc-node/register src/testing/postgres-server.ts <args>`, from the app's directory. */
export function spawnServer(args: string[], stdin: 'pipe' | 'ignore', env = process.env): ChildProcess {
  return spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), SERVER_SCRIPT, ...args], {
    cwd: APP_DIR,
    env,
    // Its own process group: a Ctrl-C meant for the tests reaches it only through the closed pipe.
    detached: true,
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

/**
 * Waits for the supervisor's JSON line; relays its stderr meanwhile. Rejects, naming what it printed, if
 * it exits first or is not ready within `timeoutMs` (then it is told to stop, and cleans up).
 */
export function waitUntilReady(child: ChildProcess, timeoutMs = 90_000): Promise<ServerInfo> {
  return new Promise((resolveInfo, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`PostgreSQL did not start within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`could not start PostgreSQL (supervisor exited with ${signal ?? code}):\n${stderr}`));
    };
    child.once('exit', onExit);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolveInfo(JSON.parse(stdout.slice(0, newline)) as ServerInfo);
    });
  });
}

/**
 * The server named by PGHOST (with PGPORT, PGUSER, PGPASSWORD, PGDATABASE) or DATABASE_URL, if any; else a
 * throwaway one (src/testing/postgres-server.ts) that lives exactly as long as this process or `stop()`.
 */
export async function startPostgres(
  options: { durable?: boolean; fresh?: boolean } = {},
): Promise<PostgresServer> {
  const env = process.env;
  // `fresh`: a server of its own, whatever PGHOST says (a test that needs a cluster nobody else touches).
  if (env.PGHOST && !options.fresh) {
    return {
      env: {
        PGHOST: env.PGHOST,
        PGPORT: env.PGPORT ?? '5432',
        PGUSER: env.PGUSER ?? 'postgres',
        PGPASSWORD: env.PGPASSWORD ?? '',
        PGDATABASE: env.PGDATABASE ?? 'postgres',
      },
    };
  }
  if (env.DATABASE_URL && !options.fresh) return { env: fromDatabaseUrl(env.DATABASE_URL) };

  // The supervisor stops the server and deletes its data when this pipe closes: when this process ends.
  const childEnv = { ...env };
  for (const key of ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'DATABASE_URL'])
    delete childEnv[key];
  const child = spawnServer(['--watch-stdin', ...(options.durable ? ['--durable'] : [])], 'pipe', childEnv);
  const info = await waitUntilReady(child);
  // Nothing of the supervisor keeps this process alive; the pipe stays open until we exit or stop it.
  child.stdout?.destroy();
  for (const stream of [child.stdin, child.stderr]) (stream as Socket | null)?.unref();
  child.unref();

  let stopped: Promise<void> | undefined;
  return {
    env: {
      PGHOST: info.PGHOST,
      PGPORT: info.PGPORT,
      PGUSER: info.PGUSER,
      PGPASSWORD: info.PGPASSWORD,
      PGDATABASE: info.PGDATABASE,
    },
    dir: info.PAYMENTS_PG_DIR,
    version: info.PAYMENTS_PG_VERSION,
    stop: () =>
      (stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.ref();
        child.once('exit', () => done());
        child.stdin?.end();
      })),
  };
}

/** Stops a server this process started; leaves one it was pointed at alone. */
export async function stopPostgres(server: PostgresServer): Promise<void> {
  await server.stop?.();
}
