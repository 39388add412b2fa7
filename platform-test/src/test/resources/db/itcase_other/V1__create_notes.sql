-- same table name as db/itcase on purpose: each application has its own schema
CREATE TABLE notes (
    id      BIGINT PRIMARY KEY,
    author  TEXT   NOT NULL
);
