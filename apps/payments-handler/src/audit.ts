import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BudgetExhaustedError, within, type Budget } from './budget';
import { DependencyError } from './db';
import { errorFields, type Logger } from './log';
import type { Payment } from './payments';

/**
 * What the audit trail keeps of a payment. Deliberately no card data and no free text: the description is
 * left out because a client could type anything into it.
 */
export interface AuditRecord {
  type: 'payment.created';
  version: 1;
  paymentId: string;
  merchantId: string;
  amountMinor: number;
  currency: string;
  status: string;
  createdAt: string;
  /** The API Gateway request that created it, to join with the access log. */
  requestId: string;
}

export interface AuditTarget {
  bucket: string;
  kmsKeyArn: string;
}

export interface AuditRetry {
  attempts: number;
  /** Delay before the second attempt; doubled for each further one, with jitter. */
  baseDelayMs: number;
  /** Limit on one PutObject (also cut to the invocation's budget). */
  attemptTimeoutMs?: number;
}

/** The request's own put after COMMIT: one retry at most, the relay does the rest. */
export const DEFAULT_AUDIT_RETRY: AuditRetry = { attempts: 2, baseDelayMs: 100, attemptTimeoutMs: 2_000 };

const pad = (n: number): string => String(n).padStart(2, '0');

/** `audit/yyyy=YYYY/mm=MM/dd=DD/<paymentId>.json`, partitioned by the payment's UTC creation date. */
export function auditKey(paymentId: string, createdAt: Date): string {
  const yyyy = createdAt.getUTCFullYear();
  const mm = pad(createdAt.getUTCMonth() + 1);
  const dd = pad(createdAt.getUTCDate());
  return `audit/yyyy=${yyyy}/mm=${mm}/dd=${dd}/${paymentId}.json`;
}

export function auditRecord(payment: Payment, requestId: string): AuditRecord {
  return {
    type: 'payment.created',
    version: 1,
    paymentId: payment.id,
    merchantId: payment.merchantId,
    amountMinor: payment.amount,
    currency: payment.currency,
    status: payment.status,
    createdAt: payment.createdAt,
    requestId,
  };
}

/** What is put to S3 for one payment: its key and the record, fixed when the payment commits (the outbox row). */
export interface AuditObject {
  paymentId: string;
  key: string;
  body: string;
}

export function auditObject(record: AuditRecord): AuditObject {
  return {
    paymentId: record.paymentId,
    key: auditKey(record.paymentId, new Date(record.createdAt)),
    body: JSON.stringify(record),
  };
}

const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * A client error (bad bucket, access denied, KMS key refused) does not get better by retrying; 409
 * ConditionalRequestConflict (two conditional puts of one key at once) does.
 */
function retryable(error: unknown): boolean {
  const { $fault } = error as { $fault?: string };
  const status = statusOf(error);
  return $fault !== 'client' || status === 408 || status === 409 || status === 429;
}

/**
 * S3 refused the conditional put because an object already has this key: an earlier put of the same record (the
 * request's own, or a relay run that stopped before removing the outbox row) succeeded.
 */
function alreadyStored(error: unknown): boolean {
  return statusOf(error) === 412 || (error as { name?: string }).name === 'PreconditionFailed';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type AuditPutResult = 'stored' | 'already-stored';

/**
 * Puts the record with SSE-KMS under the storage stack's key, create-only (`If-None-Match: *`, S3 conditional
 * writes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), so a put repeated after
 * a crash never makes a second version of the record. Transient failures are retried within `retry` and `budget`;
 * when every attempt failed (or no time is left) it throws a DependencyError('audit').
 */
export async function putAuditObject(
  s3: S3Client,
  target: AuditTarget,
  object: AuditObject,
  log: Logger,
  retry: AuditRetry = DEFAULT_AUDIT_RETRY,
  budget?: Budget,
): Promise<AuditPutResult> {
  const input = {
    Bucket: target.bucket,
    Key: object.key,
    Body: object.body,
    ContentType: 'application/json',
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: target.kmsKeyArn,
    IfNoneMatch: '*',
  } as const;
  const cap = retry.attemptTimeoutMs ?? 2_000;
  for (let attempt = 1; ; attempt += 1) {
    const ms = budget ? budget.slice(cap) : cap;
    if (ms === 0) throw new DependencyError('audit', new BudgetExhaustedError('the audit put'));
    const abort = new AbortController();
    try {
      await within(s3.send(new PutObjectCommand(input), { abortSignal: abort.signal }), ms, () => {
        abort.abort();
        return Object.assign(new Error(`audit put timed out after ${ms} ms`), { name: 'TimeoutError' });
      });
      return 'stored';
    } catch (error) {
      if (alreadyStored(error)) return 'already-stored';
      const delay = retry.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      const again = attempt < retry.attempts && retryable(error) && (!budget || budget.slice(cap, delay) > 0);
      log.warn('audit write failed', {
        attempt,
        retrying: again,
        paymentId: object.paymentId,
        ...errorFields(error),
      });
      if (!again) throw new DependencyError('audit', error);
      await sleep(delay);
    }
  }
}
