import { stopPostgres } from './postgres';

/** Jest globalTeardown: stops the server globalSetup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  if (globalThis.paymentsPostgres) await stopPostgres(globalThis.paymentsPostgres);
}
