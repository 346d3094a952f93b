-- The team server's schema. Portable SQL: it runs unchanged on SQLite and PostgreSQL.
-- Times are Unix milliseconds (BIGINT); IDs are random text made by the server.

-- +goose Up
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    admin         BOOLEAN NOT NULL DEFAULT FALSE,
    oidc_subject  TEXT UNIQUE,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created       BIGINT NOT NULL
);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created    BIGINT NOT NULL,
    expires    BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created    BIGINT NOT NULL,
    revoked    BIGINT
);

CREATE TABLE assessments (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    version     TEXT NOT NULL,
    level       INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    created     BIGINT NOT NULL,
    updated     BIGINT NOT NULL,
    review      TEXT NOT NULL DEFAULT 'draft',
    approved_by TEXT,
    approved_at BIGINT
);

CREATE TABLE revisions (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    file          TEXT NOT NULL,
    level         INTEGER NOT NULL,
    author_id     TEXT NOT NULL,
    time          BIGINT NOT NULL,
    restored_from INTEGER,
    PRIMARY KEY (assessment_id, n)
);

CREATE TABLE members (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    reviewer      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (assessment_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE comments (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    author_id     TEXT NOT NULL,
    question      TEXT NOT NULL,
    text          TEXT NOT NULL,
    time          BIGINT NOT NULL,
    resolved      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX comments_assessment ON comments (assessment_id, time);

CREATE TABLE section_reviews (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    section       TEXT NOT NULL,
    status        TEXT NOT NULL,
    comment       TEXT NOT NULL,
    reviewer_id   TEXT NOT NULL,
    time          BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, section)
);

-- Who has an assessment open: each open page says so every few seconds.
CREATE TABLE presence (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen          BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, user_id)
);

-- The audit log is append-only: the server never updates or deletes a row, and keeps
-- the rows of a deleted assessment (no foreign key).
CREATE TABLE audit (
    id            TEXT PRIMARY KEY,
    time          BIGINT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    assessment_id TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_assessment ON audit (assessment_id, time);
CREATE INDEX audit_time ON audit (time);

-- +goose Down
DROP TABLE audit;
DROP TABLE presence;
DROP TABLE section_reviews;
DROP TABLE comments;
DROP TABLE members;
DROP TABLE revisions;
DROP TABLE assessments;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE invitations;
DROP TABLE users;
