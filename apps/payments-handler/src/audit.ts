import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
}

export const DEFAULT_AUDIT_RETRY: AuditRetry = { attempts: 3, baseDelayMs: 100 };

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

/** A client error (bad bucket, access denied, KMS key refused) does not get better by retrying. */
function retryable(error: unknown): boolean {
  const { $fault, $metadata } = error as { $fault?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  return $fault !== 'client' || status === 408 || status === 429;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes the record with SSE-KMS under the storage stack's key, retrying transient failures. Throws a
 * DependencyError('audit') when every attempt failed; the caller then rolls the payment back.
 */
export async function writeAuditRecord(
  s3: S3Client,
  target: AuditTarget,
  record: AuditRecord,
  log: Logger,
  retry: AuditRetry = DEFAULT_AUDIT_RETRY,
): Promise<void> {
  const input = {
    Bucket: target.bucket,
    Key: auditKey(record.paymentId, new Date(record.createdAt)),
    Body: JSON.stringify(record),
    ContentType: 'application/json',
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: target.kmsKeyArn,
  } as const;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await s3.send(new PutObjectCommand(input));
      return;
    } catch (error) {
      const again = attempt < retry.attempts && retryable(error);
      log.warn('audit write failed', {
        attempt,
        retrying: again,
        paymentId: record.paymentId,
        ...errorFields(error),
      });
      if (!again) throw new DependencyError('audit', error);
      await sleep(retry.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
    }
  }
}
