-- How many times each question arrived at a gateway (the assignment's "times the question was
-- asked"): every accepted POST of it counts, whether it was answered from the cache or the database
-- (a hit, also counted in questions.hit_count), claimed and published, or found already in flight.
--
-- A table of its own rather than a column of questions or requests: a question is asked before its
-- result row exists (questions is written by storage, later), and it can be a hit without ever having
-- gone through this gateway's registry (a question published straight to Kafka has no requests row).
-- The gateway is the only writer; storage never touches it, so a replay of any topic changes no count.
-- Not idempotent on purpose: a client that resends after a 503 has asked again.
CREATE TABLE asked (
    question_id     TEXT PRIMARY KEY,
    asked_count     BIGINT NOT NULL,
    first_asked_at  TIMESTAMPTZ NOT NULL,
    last_asked_at   TIMESTAMPTZ NOT NULL
);
