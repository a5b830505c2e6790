import type { Environment } from '@payments/config';

/** One usage assumption: its value per environment, its unit, and why it has that value. */
export interface Assumption {
  unit: string;
  /** One line: what the number stands for and where it comes from. */
  why: string;
  values: Readonly<Record<Environment, number>>;
}

const same = (value: number): Record<Environment, number> => ({ dev: value, staging: value, prod: value });
const byEnv = (dev: number, staging: number, prod: number): Record<Environment, number> => ({
  dev,
  staging,
  prod,
});

/**
 * The usage the estimate assumes, per environment. Everything else (counts of NAT gateways, endpoints, keys,
 * alarms, Aurora capacity, memory sizes, retention) is read from the synthesized resources, never assumed.
 * Both figures (min and max) use these; they differ only in Aurora capacity (see AURORA_CAPACITY_RULE).
 */
export const ASSUMPTIONS = {
  hoursPerMonth: {
    unit: 'hours',
    why: "AWS's average month (8,760 h / 12): every always-on resource runs all month",
    values: same(730),
  },
  apiRequestsPerMonth: {
    unit: 'requests/month',
    why: 'requests reaching the REST API (and WAF in prod): dev = developers and CI smoke tests, staging = integration and load tests, prod ~4 requests/s on average',
    values: byEnv(20_000, 500_000, 10_000_000),
  },
  apiFunctionDurationMs: {
    unit: 'ms',
    why: 'average billed duration of a function behind the API: one Aurora round trip and one S3 audit write, cold starts amortized',
    values: same(200),
  },
  otherFunctionInvocationsPerMonth: {
    unit: 'invocations/month',
    why: 'invocations of each function not behind the API (migrations): about one per deploy',
    values: same(30),
  },
  otherFunctionDurationMs: {
    unit: 'ms',
    why: 'average duration of those invocations (a migration run)',
    values: same(5_000),
  },
  scheduledFunctionDurationMs: {
    unit: 'ms',
    why: 'average duration of a scheduled run (the audit relay: an empty outbox is one query and a count)',
    values: same(300),
  },
  natGbPerMonth: {
    unit: 'GB/month',
    why: 'traffic through NAT, all gateways together: AWS API calls with no interface endpoint (in dev: Secrets Manager and KMS); the handler calls no third party',
    values: byEnv(1, 5, 20),
  },
  endpointGbPerMonth: {
    unit: 'GB/month',
    why: 'traffic through the interface endpoints, all together: secret fetches at cold start, KMS and CloudWatch Logs calls',
    values: byEnv(0.5, 2, 10),
  },
  accessLogKbPerRequest: {
    unit: 'KB/request',
    why: 'one JSON API Gateway access-log line (17 fields) per request',
    values: same(0.6),
  },
  functionLogKbPerInvocation: {
    unit: 'KB/invocation',
    why: "Lambda's START/END/REPORT lines plus the handler's JSON log lines per invocation",
    values: same(1),
  },
  flowLogGbPerMonth: {
    unit: 'GB/month',
    why: 'VPC flow-log records (ALL traffic, 1-minute aggregation) per flow-log group: Lambda-to-Aurora, endpoint and NAT flows',
    values: byEnv(0.5, 2, 15),
  },
  databaseLogGbPerMonth: {
    unit: 'GB/month',
    why: 'PostgreSQL log exported to CloudWatch per cluster log group: errors, connections, slow statements',
    values: byEnv(0.1, 0.5, 3),
  },
  wafLogKbPerRequest: {
    unit: 'KB/request',
    why: 'one AWS WAF JSON log record per request the web ACL inspects (headers, rule matches; the Authorization header redacted)',
    values: same(1.5),
  },
  enhancedMonitoringGbPerInstanceMonth: {
    unit: 'GB/month',
    why: 'RDS enhanced monitoring: one JSON sample of OS metrics and the process list per instance every 60 s, ingested into the RDSOSMetrics log group',
    values: same(0.5),
  },
  otherLogGbPerMonth: {
    unit: 'GB/month',
    why: 'any log group the estimate cannot attribute to traffic (none today)',
    values: same(0.1),
  },
  auroraStorageGb: {
    unit: 'GB',
    why: 'Aurora cluster volume (payments tables and indexes), billed on use; backups within the retention period are free up to this size',
    values: byEnv(1, 10, 100),
  },
  auroraIoMillionsPerMonth: {
    unit: 'million I/O/month',
    why: 'Aurora Standard read and write I/O requests',
    values: byEnv(0.5, 10, 100),
  },
  tokenRequestsPerClientPerMonth: {
    unit: 'token requests/month',
    why: "client credentials token requests per merchant app client: each of a merchant's servers caches its token for its 60 minutes (prod: about 4 servers x 730 h); every request is billed",
    values: byEnv(100, 1_000, 3_000),
  },
  auditGbPerMonth: {
    unit: 'GB/month',
    why: "audit records written to each bucket per month; the bucket's lifecycle moves them to Glacier and expires them",
    values: byEnv(0.1, 1, 20),
  },
  stateGbStored: {
    unit: 'GB',
    why: "Pulumi state in the bootstrap's state bucket, every stack's checkpoints and history with the noncurrent versions its lifecycle keeps (a checkpoint is tens of KB)",
    values: byEnv(0.1, 0.5, 2),
  },
  s3AccessLogBytesPerRequest: {
    unit: 'bytes',
    why: "one server access log record per request to the audit bucket (one audit write per API request); a record is one text line of about 25 fields. Log delivery's PUTs are not billed, only storage (S3 User Guide, server access logging)",
    values: same(500),
  },
} as const satisfies Record<string, Assumption>;

export type AssumptionKey = keyof typeof ASSUMPTIONS;

/** The assumed values of one environment. */
export type Usage = Record<AssumptionKey, number>;

export function usageFor(env: Environment): Usage {
  return Object.fromEntries(
    Object.entries(ASSUMPTIONS).map(([key, a]) => [key, (a as Assumption).values[env]]),
  ) as Usage;
}

/** How the estimate treats Aurora Serverless v2 capacity: the only difference between min and max. */
export const AURORA_CAPACITY_RULE =
  "Aurora Serverless v2: 'min' runs every serverless instance at the cluster's configured minCapacity all month " +
  "(0 ACU = auto-paused, no compute charge), 'max' at its configured maxCapacity all month.";

/** How the estimate turns rates into steady-state quantities; printed with the assumptions. */
export const METHOD_NOTES: readonly string[] = [
  AURORA_CAPACITY_RULE,
  'Log storage is the steady state: GB ingested per month x retention in months (a year when logs never expire), uncompressed (AWS bills compressed bytes, so this is high).',
  'S3 is the steady state of the lifecycle: GB per month x months in Standard, then x months in Glacier Flexible Retrieval until expiry (a year in Standard without a lifecycle). A bucket that receives server access logs gets API requests x record size a month instead of audit records.',
  'X-Ray traces follow the default sampling rule (first request each second, 5% of the rest) with requests spread evenly over the month.',
  'List prices without free tiers (per account: 10 alarms, 3 dashboards, 5 GB logs, 1M Lambda requests, 100k traces) or data transfer out (API responses are small).',
];

/** `apiRequestsPerMonth  20,000 requests/month  (requests reaching the REST API ...)`, for printing. */
export function formatAssumptions(env: Environment): string[] {
  const usage = usageFor(env);
  const width = Math.max(...Object.keys(ASSUMPTIONS).map((k) => k.length));
  return [
    ...Object.entries(ASSUMPTIONS).map(
      ([key, a]) =>
        `${key.padEnd(width)}  ${usage[key as AssumptionKey].toLocaleString('en-US')} ${a.unit}  (${a.why})`,
    ),
    ...METHOD_NOTES,
  ];
}
