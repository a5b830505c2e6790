import { randomUUID } from 'node:crypto';
import { auditObject, auditRecord, type AuditObject } from './audit';
import type { Database, Queryable } from './db';
import { enqueueAuditObject } from './outbox';
import type { CreatePaymentRequest } from './validation';

/** A payment as the API shows it. */
export interface Payment {
  id: string;
  /** Minor units (cents). */
  amount: number;
  currency: string;
  merchantId: string;
  description: string | null;
  status: 'created';
  createdAt: string;
}

/** The response stored with a payment, answered again to a retry with the same key and body. */
export interface StoredResponse {
  status: number;
  body: string;
}

export type CreateOutcome =
  | { kind: 'created'; payment: Payment; response: StoredResponse; audit: AuditObject }
  | { kind: 'replayed'; response: StoredResponse }
  /** The key was used with another request: 422. */
  | { kind: 'conflict' }
  /** Another request with this key is still in flight (its transaction held the key past the wait): 409. */
  | { kind: 'in-flight' };

/** SQLSTATE lock_not_available: `lock_timeout` ended the wait for another transaction's key. */
const LOCK_NOT_AVAILABLE = '55P03';

export interface CreateOptions {
  /** The API Gateway request, named in the audit record. */
  requestId: string;
  /** How long to wait for a concurrent request that holds the same key before answering `in-flight`. */
  keyWaitMs: number;
}

interface PaymentRow {
  id: string;
  amount_minor: string;
  currency: string;
  merchant_id: string;
  description: string | null;
  status: 'created';
  created_at: Date;
}

const PAYMENT_COLUMNS = 'id, amount_minor, currency, merchant_id, description, status, created_at';

/** One JSON shape for every answer that shows a payment (201, replay, GET), keys in a fixed order. */
export function renderPayment(payment: Payment): string {
  const { id, amount, currency, merchantId, description, status, createdAt } = payment;
  return JSON.stringify({ id, amount, currency, merchantId, description, status, createdAt });
}

function fromRow(row: PaymentRow): Payment {
  return {
    id: row.id,
    amount: Number(row.amount_minor),
    currency: row.currency,
    merchantId: row.merchant_id,
    description: row.description,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Creates `merchantId`'s payment of `idempotencyKey` in one transaction, or finds the one an earlier request of
 * the same merchant made. Keys are per merchant: two merchants using the same key make two payments.
 *
 * The INSERT claims the key through the unique constraint on (merchant_id, idempotency_key): a concurrent request
 * with the same key waits in `ON CONFLICT` until the first transaction ends, at most `keyWaitMs` (`lock_timeout`),
 * then sees its row (replay or conflict) or, if it rolled back, inserts its own. The payment's audit object goes
 * into the outbox in the same transaction: it commits with the payment or not at all, and is put to S3 after.
 */
export async function createPayment(
  db: Database,
  merchantId: string,
  request: CreatePaymentRequest,
  idempotencyKey: string,
  requestHash: string,
  options: CreateOptions,
): Promise<CreateOutcome> {
  try {
    return await db.transaction(
      async (tx) => {
        const payment: Payment = {
          id: randomUUID(),
          amount: request.amount,
          currency: request.currency,
          merchantId,
          description: request.description,
          status: 'created',
          createdAt: new Date().toISOString(),
        };
        const response: StoredResponse = { status: 201, body: renderPayment(payment) };
        const inserted = await tx.query<{ id: string }>(
          `INSERT INTO payments (id, idempotency_key, request_hash, amount_minor, currency, merchant_id, description,
                                 status, created_at, response_status, response_body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
           RETURNING id`,
          [
            payment.id,
            idempotencyKey,
            requestHash,
            payment.amount,
            payment.currency,
            payment.merchantId,
            payment.description,
            payment.status,
            payment.createdAt,
            response.status,
            response.body,
          ],
        );
        if (inserted.length === 1) {
          const audit = auditObject(auditRecord(payment, options.requestId));
          await enqueueAuditObject(tx, audit);
          return { kind: 'created', payment, response, audit } as const;
        }

        // Read committed: this statement sees the row the conflicting transaction committed.
        const [existing] = await tx.query<{
          request_hash: string;
          response_status: number;
          response_body: string;
        }>(
          `SELECT request_hash, response_status, response_body FROM payments
            WHERE merchant_id = $1 AND idempotency_key = $2`,
          [merchantId, idempotencyKey],
        );
        if (!existing) throw new Error('idempotency key conflicted but no payment holds it');
        if (existing.request_hash !== requestHash) return { kind: 'conflict' } as const;
        return {
          kind: 'replayed',
          response: { status: existing.response_status, body: existing.response_body },
        } as const;
      },
      { lockTimeoutMs: options.keyWaitMs },
    );
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (cause?.code === LOCK_NOT_AVAILABLE) return { kind: 'in-flight' };
    throw error;
  }
}

/** `merchantId`'s payment `id`; another merchant's payment is not found, exactly like one that does not exist. */
export async function findPayment(
  db: Queryable,
  merchantId: string,
  id: string,
): Promise<Payment | undefined> {
  const [row] = await db.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1 AND merchant_id = $2`,
    [id, merchantId],
  );
  return row ? fromRow(row) : undefined;
}
