import { stopPostgres } from './postgres';

/** Jest globalTeardown: stops the server globalSetup started, if it started one. */
export default function globalTeardown(): void {
  if (globalThis.paymentsPostgres) stopPostgres(globalThis.paymentsPostgres);
}
