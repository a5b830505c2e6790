/**
 * Connections per pool (writer, reader): one. A container serves one request at a time and uses one connection
 * of each at a time (the create's transaction, then the outbox row's delete), so a burst of containers opens at
 * most one connection per container and endpoint, never a spare one the database must carry. Driver-free, so the
 * package entry exports it: packages/config's concurrency bound counts it, and the api stack's spec checks that.
 */
export const PAYMENTS_POOL_MAX = 1;
