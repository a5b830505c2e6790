import type { Settings } from './schema';

/**
 * Aurora PostgreSQL Serverless v2's default `max_connections` by the cluster's maximum ACU, from AWS's table
 * "Maximum connections for Aurora Serverless v2" (Aurora User Guide, aurora-serverless-v2.setting-capacity.html
 * #aurora-serverless-v2.max-connections, read 2026-11-30 from awsdocs/amazon-aurora-user-guide): "When Aurora
 * Serverless v2 evaluates the formula, it uses the memory size based on the maximum Aurora capacity units (ACUs)
 * ... not the current ACU value", the formula being LEAST({DBInstanceClassMemory/9531392}, 5000).
 */
export const AURORA_PG_MAX_CONNECTIONS_BY_MAX_ACU: readonly (readonly [
  maxAcu: number,
  connections: number,
])[] = Object.freeze([
  [1, 189],
  [4, 823],
  [8, 1669],
  [16, 3360],
  [32, 5000],
]);

/** The formula's ceiling: LEAST(..., 5000). */
export const AURORA_PG_MAX_CONNECTIONS_CEILING = 5000;

/**
 * "When you specify a minimum capacity of 0.5 ACUs on PostgreSQL-compatible DB instances, the maximum value of
 * max_connections is capped at 2,000" (same page); AWS re:Post ("Working of max_connections for Amazon Aurora
 * PostgreSQL Serverless") says the same of a minimum of 0. So a minimum at or below 0.5 ACU caps it.
 */
export const AURORA_PG_LOW_MIN_CAPACITY_CAP = 2000;

/**
 * `max_connections` of each instance of a cluster with this capacity range. Between two rows of the table the
 * value is interpolated linearly (the formula is linear in memory, and memory in ACU), rounded down.
 */
export function auroraPostgresMaxConnections(minCapacity: number, maxCapacity: number): number {
  const table = AURORA_PG_MAX_CONNECTIONS_BY_MAX_ACU;
  let value: number = AURORA_PG_MAX_CONNECTIONS_CEILING;
  const [firstAcu, firstConnections] = table[0] as readonly [number, number];
  if (maxCapacity <= firstAcu) {
    value = firstConnections;
  } else {
    for (let i = 1; i < table.length; i++) {
      const [hiAcu, hiConnections] = table[i] as readonly [number, number];
      const [loAcu, loConnections] = table[i - 1] as readonly [number, number];
      if (maxCapacity <= hiAcu) {
        value = Math.floor(
          loConnections + ((hiConnections - loConnections) * (maxCapacity - loAcu)) / (hiAcu - loAcu),
        );
        break;
      }
    }
  }
  return minCapacity <= 0.5 ? Math.min(value, AURORA_PG_LOW_MIN_CAPACITY_CAP) : value;
}

/**
 * Connections each payments container opens per endpoint (the writer, the reader): apps/payments-handler's
 * PAYMENTS_POOL_MAX (src/pool.ts). A package cannot import the app, so infra/api's stack spec fails when the two
 * differ.
 */
export const PAYMENTS_CONNECTIONS_PER_ENDPOINT = 1;

/**
 * Share of an instance's `max_connections` the payments function may take, and the RDS Proxy's
 * `maxConnectionsPercent` where there is one: the rest stays for the migrations (master user, direct), the audit
 * relay, an operator's session and the slots PostgreSQL reserves for superusers.
 */
export const PAYMENTS_CONNECTION_BUDGET_PERCENT = 90;

/**
 * Lambda's default concurrency quota per account and region is 1,000, and a function may only reserve what keeps
 * 100 unreserved ("Lambda quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 900 is
 * the largest reservation a default account accepts. An account with a raised quota overrides
 * `api.lambda.reservedConcurrency` (up to the database's bound).
 */
export const LAMBDA_RESERVABLE_CONCURRENCY = 900;

/** How many payments containers the cluster can serve at once, and how that number was reached. */
export interface PaymentsConcurrencyBound {
  /** `max_connections` of each instance (auroraPostgresMaxConnections). */
  maxConnections: number;
  /** PAYMENTS_CONNECTION_BUDGET_PERCENT of it, rounded down. */
  budget: number;
  /** Payments connections one container can hold on the busiest instance. */
  connectionsPerContainer: number;
  /** budget / connectionsPerContainer, rounded down: the most containers the database absorbs. */
  containers: number;
}

/**
 * The database's bound on the payments function's concurrency. A container holds one writer and one reader
 * connection. With readers, the reader endpoint spreads reads over them (at worst all on one reader) and the
 * writer gets one per container, directly or through the proxy's pool of at most `budget`: `budget` containers.
 * Without readers, the reader endpoint is the writer, which then holds both: half as many.
 */
export function paymentsConcurrencyBound(database: Settings['database']): PaymentsConcurrencyBound {
  const maxConnections = auroraPostgresMaxConnections(database.minCapacity, database.maxCapacity);
  const budget = Math.floor((maxConnections * PAYMENTS_CONNECTION_BUDGET_PERCENT) / 100);
  const connectionsPerContainer = PAYMENTS_CONNECTIONS_PER_ENDPOINT * (database.readers > 0 ? 1 : 2);
  return {
    maxConnections,
    budget,
    connectionsPerContainer,
    containers: Math.floor(budget / connectionsPerContainer),
  };
}

/** The default reserved concurrency of the payments function: the database's bound, within a default account. */
export function defaultPaymentsReservedConcurrency(database: Settings['database']): number {
  return Math.min(paymentsConcurrencyBound(database).containers, LAMBDA_RESERVABLE_CONCURRENCY);
}

/** The payments function's reserved concurrency: `api.lambda.reservedConcurrency` if set, else the default above. */
export function paymentsReservedConcurrency(settings: Pick<Settings, 'api' | 'database'>): number {
  return settings.api.lambda.reservedConcurrency ?? defaultPaymentsReservedConcurrency(settings.database);
}
