-- Payments, one row per accepted POST /payments. The idempotency key is unique: INSERT ... ON CONFLICT on it
-- makes concurrent retries of one request create a single row. The stored response is answered again to a
-- retry with the same key and the same request (request_hash); another request under the key gets 409.
CREATE TABLE payments (
  id              uuid        PRIMARY KEY,
  idempotency_key text        NOT NULL,
  request_hash    char(64)    NOT NULL,
  amount_minor    bigint      NOT NULL CHECK (amount_minor > 0),
  currency        char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  merchant_id     text        NOT NULL CHECK (merchant_id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  description     text        CHECK (char_length(description) <= 255),
  status          text        NOT NULL CHECK (status IN ('created')),
  created_at      timestamptz NOT NULL,
  response_status smallint    NOT NULL,
  response_body   text        NOT NULL,
  CONSTRAINT payments_idempotency_key_unique UNIQUE (idempotency_key),
  CONSTRAINT payments_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 255)
);

CREATE INDEX payments_merchant_created_at_idx ON payments (merchant_id, created_at);
