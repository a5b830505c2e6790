import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The connection the tests and the benchmark use, as libpq's PG* variables. */
export interface PostgresServer {
  env: Record<'PGHOST' | 'PGPORT' | 'PGUSER' | 'PGPASSWORD' | 'PGDATABASE', string>;
  /** Set when this process started the server (and so must stop it). */
  dir?: string;
  bin?: string;
}

const SCRIPTS = resolve(__dirname, '..', '..', 'scripts');

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

/**
 * The server named by PGHOST (with PGPORT, PGUSER, PGPASSWORD, PGDATABASE) or DATABASE_URL, if any; else
 * a throwaway one started by scripts/start-postgres.sh.
 */
export function startPostgres(options: { durable?: boolean } = {}): PostgresServer {
  const env = process.env;
  if (env.PGHOST) {
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
  if (env.DATABASE_URL) return { env: fromDatabaseUrl(env.DATABASE_URL) };

  const output = execFileSync(
    'bash',
    [resolve(SCRIPTS, 'start-postgres.sh'), ...(options.durable ? ['--durable'] : [])],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const vars = Object.fromEntries(
    [...output.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1] as string, match[2] as string]),
  );
  const get = (key: string): string => {
    const value = vars[key];
    if (value === undefined) throw new Error(`start-postgres.sh printed no ${key}`);
    return value;
  };
  return {
    env: {
      PGHOST: get('PGHOST'),
      PGPORT: get('PGPORT'),
      PGUSER: get('PGUSER'),
      PGPASSWORD: get('PGPASSWORD'),
      PGDATABASE: get('PGDATABASE'),
    },
    dir: get('PAYMENTS_PG_DIR'),
    bin: get('PAYMENTS_PG_BIN'),
  };
}

/** Stops a server this process started; leaves one it was pointed at alone. */
export function stopPostgres(server: PostgresServer): void {
  if (!server.dir) return;
  execFileSync('bash', [resolve(SCRIPTS, 'stop-postgres.sh'), server.dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PAYMENTS_PG_BIN: server.bin ?? '' },
  });
}
