-- The answers pipeline's results (DESIGN.md, "Storage"). Every table has a natural key taken from
-- the messages (question id, attempt, a dead letter's origin), so the storage consumer writes
-- upserts and replaying any topic from offset 0 changes nothing.
-- Constraints stop at what the messages themselves guarantee: a row the database refused would
-- fail its whole batch on every retry and stall the consumer, so checks live in the message records.

-- One row per question with its final result, from answers.validated.
CREATE TABLE questions (
    question_id   TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    content       TEXT NOT NULL,
    best_answer   TEXT NOT NULL,                  -- the community's best answer (the reference)
    llm_answer    TEXT NOT NULL,                  -- the LLM's answer that was kept
    score         DOUBLE PRECISION NOT NULL,
    best_attempt  INT NOT NULL,
    attempts      INT NOT NULL,
    passed        BOOLEAN NOT NULL,               -- false: the best of all attempts, below the threshold
    model         TEXT NOT NULL,
    submitted_at  TIMESTAMPTZ,
    validated_at  TIMESTAMPTZ,
    hit_count     BIGINT NOT NULL DEFAULT 0       -- times the gateway answered it from storage; never replayed
);

-- One row per scored attempt, from answers.scored.
CREATE TABLE attempts (
    question_id      TEXT NOT NULL,
    attempt          INT NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    metric           TEXT NOT NULL,
    answer           TEXT,
    model            TEXT,
    latency_ms       BIGINT NOT NULL,
    overload_retries INT NOT NULL,
    quota_retries    INT NOT NULL,
    generated_at     TIMESTAMPTZ,
    scored_at        TIMESTAMPTZ,
    PRIMARY KEY (question_id, attempt)
);

-- Everything given up on, from questions.dlq, plus records the storage consumer could not read.
-- A dead letter is identified by the record it is about: its original topic/partition/offset.
CREATE TABLE dead_letters (
    id                 BIGSERIAL PRIMARY KEY,
    question_id        TEXT NOT NULL,             -- '' when the record was unreadable
    attempt            INT NOT NULL,
    error_class        TEXT NOT NULL,             -- overload, quota, fatal, empty, poison, scoring
    reason             TEXT NOT NULL,
    original_topic     TEXT NOT NULL,
    original_partition INT NOT NULL,
    original_offset    BIGINT NOT NULL,
    exception          TEXT,
    payload            TEXT,
    dead_at            TIMESTAMPTZ,
    UNIQUE (original_topic, original_partition, original_offset)
);

CREATE INDEX dead_letters_question ON dead_letters (question_id);
