-- Why each question's feedback loop ended (the regeneration policy, docs/architecture.md):
--   passed          an attempt scored at or above the threshold
--   max-attempts    answers.max-attempts attempts were made; the best one is kept
--   near-identical  a regeneration repeated the answer before it; the best so far is kept
--   budget-spent    the run's regeneration budget was spent; the best so far is kept
-- Results stored before this column existed could only end the first two ways, which `passed` tells
-- apart. (V5, not V4: the number V4 is taken by another branch of the same release.)
ALTER TABLE questions ADD COLUMN stop_reason TEXT;
UPDATE questions SET stop_reason = CASE WHEN passed THEN 'passed' ELSE 'max-attempts' END WHERE stop_reason IS NULL;
