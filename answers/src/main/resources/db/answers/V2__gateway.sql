-- The gateway's in-flight registry (DESIGN.md, "Gateway and cache"): one row per question the
-- gateway has accepted. Its primary key is what stops a question from being published twice, also
-- across several gateway instances: the first INSERT wins, the others see the conflict.
-- A row stays after the question is answered (the answer itself lives in answers.questions), so a
-- question in flight, answered or dead is never published again by the gateway.
CREATE TABLE requests (
    question_id   TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    content       TEXT NOT NULL,
    best_answer   TEXT NOT NULL,
    -- 'claimed': a gateway is publishing it right now; 'published': acknowledged by questions.pending.
    -- A 'claimed' row older than the gateway's lease belongs to a gateway that died mid-publish and
    -- may be claimed again, so a crash between INSERT and publish cannot strand the question.
    status        TEXT NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
