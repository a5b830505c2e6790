import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { putAuditObject, type AuditRetry } from './audit';
import { createBudget } from './budget';
import { loadRelayConfig, type Env, type RelayConfig } from './config';
import { createDatabase, type Database } from './db';
import { createIamTokenSource, type TokenSigner } from './iam-auth';
import { createLogger, errorFields, type LogSink } from './log';
import { claimOutboxRow, markAuditDelivered, outboxBacklog, recordAuditFailure } from './outbox';
import { RELAY_METRICS, RELAY_METRICS_NAMESPACE } from './relay-metrics';
import type { PasswordSource } from './secrets';

/**
 * The audit relay: a scheduled function (infra/api, an EventBridge schedule rule) that puts to S3 the audit objects
 * of committed payments whose own put, right after COMMIT, did not happen (S3 down, the function out of time or
 * killed). Each row is claimed with `FOR UPDATE SKIP LOCKED` and deleted in the same transaction as its successful
 * put; a put repeated after a crash is refused by S3 as already stored (If-None-Match), never a second record.
 */

/**
 * Rows younger than this are left to the request that wrote them (its put runs right after COMMIT, within the
 * payments function's timeout of at most 29 s, packages/config), so the relay does not race it.
 */
export const OUTBOX_MIN_AGE_MS = 30_000;
/** Rows one run handles at most; the rest wait for the next run (the age alarm watches them). */
export const RELAY_MAX_ROWS_PER_RUN = 500;
/** One put at a time, a transient failure retried once; a row that still fails is counted and retried next run. */
export const RELAY_AUDIT_RETRY: AuditRetry = { attempts: 2, baseDelayMs: 200, attemptTimeoutMs: 5_000 };
/** The relay's time when no Lambda context says (its timeout in infra/api). */
export const DEFAULT_RELAY_TIMEOUT_MS = 60_000;

export interface RelayResult {
  delivered: number;
  /** Puts that failed this run (their rows stay, counted in `attempts`). */
  failed: number;
  /** Rows left afterwards, and the age of the oldest. */
  pending: number;
  oldestAgeSeconds: number;
}

export interface RelayOptions {
  env?: Env;
  credentials?: PasswordSource;
  tokenSigner?: TokenSigner;
  s3?: S3Client;
  logSink?: LogSink;
  /** Tests drain rows at once (0). */
  minAgeMs?: number;
  retry?: AuditRetry;
  connectionTimeoutMs?: number;
}

export interface AuditRelay {
  run(context?: Partial<Pick<Context, 'getRemainingTimeInMillis' | 'functionName'>>): Promise<RelayResult>;
  close(): Promise<void>;
}

export function createAuditRelay(options: RelayOptions = {}): AuditRelay {
  const log = createLogger(options.logSink, { service: 'payments-audit-relay' });
  let container: { config: RelayConfig; db: Database; s3: S3Client } | undefined;

  const start = () => {
    const config = loadRelayConfig(options.env ?? process.env);
    const credentials =
      options.credentials ??
      createIamTokenSource(
        { host: config.writer.host, port: config.writer.port, user: config.writer.user },
        options.tokenSigner,
      );
    return {
      config,
      db: createDatabase(config.writer, credentials, log, {
        max: 1,
        connectionTimeoutMs: options.connectionTimeoutMs ?? 5_000,
      }),
      s3: options.s3 ?? new S3Client({ maxAttempts: 1 }),
    };
  };

  return {
    async run(context) {
      const remainingMs = context?.getRemainingTimeInMillis?.() ?? DEFAULT_RELAY_TIMEOUT_MS;
      const budget = createBudget(remainingMs);
      const retry = options.retry ?? RELAY_AUDIT_RETRY;
      container ??= start();
      const { config, s3 } = container;
      const db = container.db.withBudget(
        { deadline: budget.deadline, maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2_000 },
        budget,
      );
      const tried: string[] = [];
      let delivered = 0;
      let failed = 0;
      // Another row only while a put and its bookkeeping still fit before the function's timeout.
      while (
        tried.length < RELAY_MAX_ROWS_PER_RUN &&
        budget.slice(retry.attemptTimeoutMs ?? 5_000, 1_000) > 0
      ) {
        const outcome = await db.transaction(async (tx) => {
          const row = await claimOutboxRow(tx, options.minAgeMs ?? OUTBOX_MIN_AGE_MS, tried);
          if (!row) return 'empty';
          tried.push(row.paymentId);
          try {
            const result = await putAuditObject(s3, config.audit, row, log, retry, budget);
            await markAuditDelivered(tx, row.paymentId);
            log.info('audit record delivered', {
              paymentId: row.paymentId,
              result,
              attempts: row.attempts + 1,
            });
            return 'delivered';
          } catch (error) {
            const cause = (error as { cause?: unknown }).cause ?? error;
            await recordAuditFailure(tx, row.paymentId, String(errorFields(cause).errorName ?? 'Error'));
            return 'failed';
          }
        });
        if (outcome === 'empty') break;
        if (outcome === 'delivered') delivered += 1;
        else failed += 1;
      }
      const backlog = await outboxBacklog(db);
      const result: RelayResult = { delivered, failed, ...backlog };
      log.info('audit relay run', { ...result });
      emitMetrics(options.logSink, context?.functionName ?? 'local', result);
      return result;
    },
    async close() {
      await container?.db.close();
      container = undefined;
    },
  };
}

/**
 * The backlog as CloudWatch metrics in the embedded metric format: one JSON line on stdout, which CloudWatch Logs
 * turns into metrics without an API call or a permission beyond writing logs
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * The api stack alarms on OldestAgeSeconds.
 */
function emitMetrics(sink: LogSink | undefined, functionName: string, result: RelayResult): void {
  const line = JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: RELAY_METRICS_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: [
            { Name: RELAY_METRICS.oldestAge, Unit: 'Seconds' },
            { Name: RELAY_METRICS.pending, Unit: 'Count' },
            { Name: RELAY_METRICS.failed, Unit: 'Count' },
          ],
        },
      ],
    },
    FunctionName: functionName,
    [RELAY_METRICS.oldestAge]: result.oldestAgeSeconds,
    [RELAY_METRICS.pending]: result.pending,
    [RELAY_METRICS.failed]: result.failed,
  });
  if (sink) sink(line);
  else process.stdout.write(`${line}\n`);
}

let defaultRelay: AuditRelay | undefined;

/** Lambda entry point (`index.handler` of the relay bundle), invoked by the schedule; the event is ignored. */
export const handler = (_event: unknown, context: Context): Promise<RelayResult> =>
  (defaultRelay ??= createAuditRelay()).run(context);
