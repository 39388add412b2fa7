-- Order ids: unique across restarts and across any number of API instances.
CREATE SEQUENCE order_id_seq START WITH 1 INCREMENT BY 1;

-- The latest state of each order, for GET /orders/{id}. "step" (0 recibido .. 3 finalizado)
-- lets an upsert refuse to move an order back when a status is replayed or arrives late.
CREATE TABLE latest (
  order_id   BIGINT      PRIMARY KEY,
  nombre     TEXT        NOT NULL,
  precio     BIGINT      NOT NULL,
  correo     TEXT        NOT NULL,
  estado     TEXT        NOT NULL,
  step       SMALLINT    NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per e-mail that must be sent, keyed by (order id, estado): the idempotency key that
-- makes "one e-mail per order per state" hold across replays and restarts. A row is 'claimed' by
-- a notifier session before the SMTP send and 'sent' after it (see NotificationStore).
CREATE TABLE notifications (
  order_id   BIGINT      NOT NULL,
  estado     TEXT        NOT NULL,
  status     TEXT        NOT NULL CHECK (status IN ('claimed', 'sent')),
  claimed_by TEXT        NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  sent_at    TIMESTAMPTZ,
  PRIMARY KEY (order_id, estado)
);
