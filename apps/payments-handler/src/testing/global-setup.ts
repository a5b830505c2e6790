import { startPostgres, type PostgresServer } from './postgres';

declare global {
  var paymentsPostgres: PostgresServer | undefined;
}

/** Jest globalSetup: one PostgreSQL for the run; workers inherit its PG* variables. */
export default async function globalSetup(): Promise<void> {
  const server = await startPostgres();
  Object.assign(process.env, server.env);
  globalThis.paymentsPostgres = server;
}
