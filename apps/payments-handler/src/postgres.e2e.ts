import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findBinaries } from './testing/postgres-server';
import { APP_DIR } from './testing/postgres';

/**
 * The throwaway server the tests run against (src/testing/postgres-server.ts): PostgreSQL 16 from the npm
 * package, and nothing of it left once the process that started it is gone, however it ended.
 */

const run = promisify(execFile);

/** Whether the npm package's binaries are installed (PG_BIN aside: these tests are about them). */
function installed(): boolean {
  try {
    findBinaries({});
    return true;
  } catch {
    return false;
  }
}

/** The environment of a process that must start a server of its own from the npm package's binaries. */
function ownServerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const keys = ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE', 'DATABASE_URL', 'PG_BIN'];
  for (const key of keys) delete env[key];
  return env;
}

type Connection = Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE', string>;

async function serverVersion(info: Connection): Promise<string> {
  const client = new Client({
    host: info.PGHOST,
    port: Number(info.PGPORT),
    user: info.PGUSER,
    password: info.PGPASSWORD,
    database: info.PGDATABASE,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (
      (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? ''
    );
  } finally {
    await client.end();
  }
}

async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Without the npm package's binaries (another platform), the tests run against PGHOST or DATABASE_URL.
const lifecycle = installed() ? describe : describe.skip;

lifecycle('the throwaway PostgreSQL', () => {
  let starter: ChildProcess | undefined;
  // A test that fails or times out must not leave its starter (and so its server) running.
  afterEach(() => starter?.kill('SIGKILL'));

  it('is PostgreSQL 16 on a port of its own, and goes away with the process that started it, even killed', async () => {
    starter = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@swc-node/register'),
        '-e',
        `require('./src/testing/postgres').startPostgres().then((server) => {
           process.stdout.write(JSON.stringify({ ...server.env, dir: server.dir }) + '\\n');
           setInterval(() => undefined, 60_000);
         });`,
      ],
      { cwd: APP_DIR, env: ownServerEnv(), stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const child = starter;
    const info = await new Promise<Connection & { dir: string }>((resolve, reject) => {
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n'))
          resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as Connection & { dir: string });
      });
      child.once('exit', (code) =>
        reject(new Error(`the starter exited (${code}) before the server was up`)),
      );
    });

    try {
      expect(await serverVersion(info)).toMatch(/^16\./);
      expect(info.PGHOST).toBe('127.0.0.1');
      expect(info.PGPORT).not.toBe(process.env.PGPORT);
      expect(existsSync(join(info.dir, 'data', 'PG_VERSION'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
    await eventually(() => !existsSync(info.dir));
    await expect(serverVersion(info)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('keeps running after start-postgres.sh exits, until stop-postgres.sh stops it and deletes its data', async () => {
    const scripts = join(APP_DIR, 'scripts');
    const { stdout } = await run('bash', [join(scripts, 'start-postgres.sh')], { env: ownServerEnv() });
    const exported = Object.fromEntries(
      [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    ) as Connection & { PAYMENTS_PG_DIR: string };

    try {
      expect(await serverVersion(exported)).toMatch(/^16\./);
    } finally {
      await run('bash', [join(scripts, 'stop-postgres.sh'), exported.PAYMENTS_PG_DIR]);
    }
    expect(existsSync(exported.PAYMENTS_PG_DIR)).toBe(false);
    await expect(serverVersion(exported)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
