-- POST /orders with an Idempotency-Key header: the order the first request with a key was given, so
-- that a retry of it (same key, same body) gets that order back instead of a second one. One row per
-- key; kept for a day (IdempotencyKeys.RETENTION), then swept.
CREATE TABLE idempotency_keys (
  idem_key     TEXT        PRIMARY KEY,
  -- SHA-256 of the request's fields: the same key with another body is refused (422)
  fingerprint  BYTEA       NOT NULL,
  order_id     BIGINT      NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- when a request last took the key to publish its order; a retry waits for it (409) until the
  -- lease is over, then publishes the same order itself unless the notifier has already seen it
  claimed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- set once Kafka acknowledged the order: from then on a retry is answered at once
  published_at TIMESTAMPTZ
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
