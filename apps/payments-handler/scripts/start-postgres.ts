/**
 * Starts a throwaway PostgreSQL for use by hand (the benchmark, psql) and prints its connection as `export`
 * lines; the server keeps running after this exits, until scripts/stop-postgres.sh stops it.
 *
 *   eval "$(apps/payments-handler/scripts/start-postgres.sh [--durable])"
 */
import type { Socket } from 'node:net';
import { spawnServer, waitUntilReady } from '../src/testing/postgres';

async function main(args: string[]): Promise<void> {
  if (args.some((arg) => arg !== '--durable')) {
    process.stderr.write('usage: start-postgres.sh [--durable]\n');
    process.exit(2);
  }
  // No --watch-stdin: the supervisor outlives this process and stops on SIGTERM (stop-postgres.sh).
  const child = spawnServer(args, 'ignore');
  const info = await waitUntilReady(child);
  process.stdout.write(
    Object.entries(info)
      .map(([key, value]) => `export ${key}=${value}\n`)
      .join(''),
  );
  child.stdout?.destroy();
  (child.stderr as Socket | null)?.destroy();
  child.unref();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
