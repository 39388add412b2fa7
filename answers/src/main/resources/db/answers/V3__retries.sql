-- Retries made visible (GET /api/questions/{id} says "retrying" and lists each failed LLM call).
-- One row per record the LLM workers sent to a retry tier (questions.retry.overload.* and
-- questions.retry.quota.*), read by the storage consumer from those topics in its own group: the
-- retry record is the only account of a retry, so nothing else has to agree with it.
--
-- Keyed by the retried task's own counters, which every retry raises: a failed call raises
-- overload_retries (overload, empty) or quota_retries (quota); a deferral without a call raises
-- deferrals. So each retry of a question has one key, and re-reading a record (a replay from
-- offset 0, a task published twice) writes nothing new (ON CONFLICT DO NOTHING).
-- Like V1, no checks beyond the key: a refused row would stall the consumer on every retry.
CREATE TABLE retries (
    question_id      TEXT NOT NULL,
    attempt          INT NOT NULL,                 -- the generation attempt whose call failed
    overload_retries INT NOT NULL,                 -- counters of the task as sent back, i.e. after this failure
    quota_retries    INT NOT NULL,
    deferrals        INT NOT NULL,                 -- 0 for a failed call; n for the n-th deferral in a row
    kind             TEXT NOT NULL,                -- the tier set it waited in: overload or quota
    error_class      TEXT NOT NULL,                -- overload, quota, empty, deferred (no LLM call made)
    reason           TEXT NOT NULL,                -- the failed call's message
    failed_at        TIMESTAMPTZ,
    due_at           TIMESTAMPTZ,                  -- when the scheduler sends it back to questions.pending
    retry_topic      TEXT NOT NULL,                -- where the record was read (first read wins), for inspection
    retry_partition  INT NOT NULL,
    retry_offset     BIGINT NOT NULL,
    PRIMARY KEY (question_id, attempt, overload_retries, quota_retries, deferrals)
);
