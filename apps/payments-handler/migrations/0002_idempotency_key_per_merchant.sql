-- Idempotency keys are per merchant: two merchants who both send `order-1` make two payments, and one is never
-- answered with the other's stored response. Within one merchant nothing changes: INSERT ... ON CONFLICT on
-- (merchant_id, idempotency_key) still makes concurrent retries of one request create a single row, a replay still
-- answers the stored response, another request under the key still gets 409.
--
-- Deploy note: the payments code that runs until the function is updated (right after this migration) names the
-- old constraint in its ON CONFLICT; for those seconds its POSTs fail and answer 503, writing nothing, and a retry
-- with the same key succeeds on the new code.
ALTER TABLE payments DROP CONSTRAINT payments_idempotency_key_unique;
ALTER TABLE payments
  ADD CONSTRAINT payments_merchant_idempotency_key_unique UNIQUE (merchant_id, idempotency_key);
