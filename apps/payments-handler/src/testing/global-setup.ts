import { startPostgres, type PostgresServer } from './postgres';

declare global {
  var paymentsPostgres: PostgresServer | undefined;
}

/** Jest globalSetup: one PostgreSQL for the run; workers inherit its PG* variables. */
export default function globalSetup(): void {
  const server = startPostgres();
  Object.assign(process.env, server.env);
  globalThis.paymentsPostgres = server;
}
