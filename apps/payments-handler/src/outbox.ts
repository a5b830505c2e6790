import type { AuditObject } from './audit';
import type { Queryable } from './db';

/**
 * The audit outbox (migration 0004): a committed payment's audit object waits here until S3 holds it. The row is
 * inserted in the payment's own transaction, so it exists if and only if the payment committed; it is deleted
 * once the put succeeded, by the request right after its COMMIT, or else by the relay (src/relay.ts).
 */
export async function enqueueAuditObject(tx: Queryable, object: AuditObject): Promise<void> {
  await tx.query('INSERT INTO audit_outbox (payment_id, object_key, body) VALUES ($1, $2, $3)', [
    object.paymentId,
    object.key,
    object.body,
  ]);
}

/** S3 holds the object: its outbox row goes. */
export async function markAuditDelivered(db: Queryable, paymentId: string): Promise<void> {
  await db.query('DELETE FROM audit_outbox WHERE payment_id = $1', [paymentId]);
}

interface OutboxRow {
  payment_id: string;
  object_key: string;
  body: string;
  attempts: number;
}

/**
 * Claims the oldest row at least `minAgeMs` old that no other relay holds and that this run has not tried yet:
 * `FOR UPDATE SKIP LOCKED` inside the caller's transaction, so two relays running at once never take the same row,
 * and a relay that dies releases it (its transaction rolls back) for the next run.
 */
export async function claimOutboxRow(
  tx: Queryable,
  minAgeMs: number,
  tried: readonly string[],
): Promise<(AuditObject & { attempts: number }) | undefined> {
  const [row] = await tx.query<OutboxRow>(
    `SELECT payment_id, object_key, body, attempts FROM audit_outbox
      WHERE created_at <= now() - make_interval(secs => $1::double precision / 1000)
        AND NOT (payment_id = ANY ($2::uuid[]))
      ORDER BY created_at
      LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    [minAgeMs, tried],
  );
  return row
    ? { paymentId: row.payment_id, key: row.object_key, body: row.body, attempts: row.attempts }
    : undefined;
}

/** A failed put: counted, with the error's name (no message: nothing of the record), for operators. */
export async function recordAuditFailure(tx: Queryable, paymentId: string, errorName: string): Promise<void> {
  await tx.query('UPDATE audit_outbox SET attempts = attempts + 1, last_error = $2 WHERE payment_id = $1', [
    paymentId,
    errorName.slice(0, 100),
  ]);
}

/** How many rows wait, and the age in seconds of the oldest (0 when none): the relay's metrics. */
export async function outboxBacklog(db: Queryable): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = await db.query<{ pending: string; oldest: number | null }>(
    `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::double precision AS oldest
       FROM audit_outbox`,
  );
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, Math.round(row?.oldest ?? 0)) };
}
