-- Transactional outbox of the audit records: a payment and its record commit together, in one transaction, and the
-- record is put to S3 only after COMMIT (by the request itself, else by the relay function). So an audit object
-- exists if and only if its payment committed: a payment rolled back (or whose COMMIT failed) leaves no row here,
-- and a committed one keeps its row until the put succeeded.
--
-- One row per payment (its primary key), removed once S3 holds the object; the S3 key is the payment's, so a put
-- repeated after a crash is refused by S3 as already done (If-None-Match: *), never a second record.
CREATE TABLE audit_outbox (
  payment_id    uuid        PRIMARY KEY REFERENCES payments (id),
  object_key    text        NOT NULL,
  body          text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  attempts      integer     NOT NULL DEFAULT 0,
  last_error    text
);

-- The relay drains the oldest first.
CREATE INDEX audit_outbox_created_at ON audit_outbox (created_at);

-- payments_app: the request inserts the row with its payment and deletes it after its own put; the relay (the same
-- database user) reads, counts its attempts and deletes. Nothing else: no DDL, no truncate.
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_outbox TO payments_app;
