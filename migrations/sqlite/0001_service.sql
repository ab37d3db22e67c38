-- The service's first schema (SQLite). Never edit once applied: add a new file instead.
-- Times are Unix milliseconds (BIGINT) and JSON is TEXT, so the same SQL reads both backends
-- through sqlx's Any driver. The PostgreSQL twin is ../postgres/0001_service.sql.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('officer', 'unit_legal', 'bureau_legal', 'leader', 'admin')),
    unit_id        BIGINT REFERENCES units (id),
    created_at     BIGINT NOT NULL
);

-- Only the SHA-256 of a session token is kept: a copied database does not log anyone in.
CREATE TABLE sessions (
    token_sha256  TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);

CREATE TABLE cases (
    id           INTEGER PRIMARY KEY,
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    case_number  TEXT NOT NULL,
    case_name    TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    UNIQUE (unit_id, case_number)
);

-- Uploaded files, stored once under the data folder by their SHA-256.
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- One upload of a case: version 1, then each re-submission (二次送评) n+1.
CREATE TABLE dossiers (
    id           INTEGER PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    version      BIGINT NOT NULL,
    file_sha256  TEXT NOT NULL REFERENCES files (sha256),
    file_name    TEXT NOT NULL,
    officer      TEXT NOT NULL,
    uploaded_by  BIGINT NOT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    error        TEXT,
    pages        BIGINT,
    source       TEXT,
    report       TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (case_id, version)
);
CREATE INDEX dossiers_status ON dossiers (status);
CREATE INDEX dossiers_created ON dossiers (created_at);

CREATE TABLE pages (
    dossier_id  BIGINT NOT NULL REFERENCES dossiers (id),
    number      BIGINT NOT NULL,
    width       DOUBLE PRECISION NOT NULL,
    height      DOUBLE PRECISION NOT NULL,
    source      TEXT NOT NULL,
    PRIMARY KEY (dossier_id, number)
);

CREATE TABLE documents (
    dossier_id  BIGINT NOT NULL REFERENCES dossiers (id),
    idx         BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    first_page  BIGINT NOT NULL,
    last_page   BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    PRIMARY KEY (dossier_id, idx)
);

-- `row_version` is the optimistic lock: a review action names the version it saw.
CREATE TABLE defects (
    id            INTEGER PRIMARY KEY,
    dossier_id    BIGINT NOT NULL REFERENCES dossiers (id),
    origin        TEXT NOT NULL CHECK (origin IN ('machine', 'manual')),
    category      TEXT NOT NULL,
    rule          TEXT NOT NULL,
    severity      TEXT NOT NULL,
    page          BIGINT NOT NULL,
    document      BIGINT,
    bbox          TEXT NOT NULL,
    message       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    basis         TEXT NOT NULL,
    deduction     DOUBLE PRECISION NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'rejected', 'rectified', 'unrectified')),
    reviewer_id   BIGINT REFERENCES users (id),
    reason        TEXT,
    previous_id   BIGINT REFERENCES defects (id),
    row_version   BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX defects_dossier ON defects (dossier_id);

-- Append-only: every review action, with the state before and after.
CREATE TABLE review_log (
    id           INTEGER PRIMARY KEY,
    defect_id    BIGINT NOT NULL REFERENCES defects (id),
    dossier_id   BIGINT NOT NULL REFERENCES dossiers (id),
    user_id      BIGINT REFERENCES users (id),
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT,
    at           BIGINT NOT NULL
);
CREATE INDEX review_log_defect ON review_log (defect_id);
CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;

-- The durable queue: a worker leases a job until `lease_until`; an expired lease (a killed
-- worker) makes it claimable again, up to `max_attempts`, then it is `failed` with its error.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    dossier_id    BIGINT NOT NULL UNIQUE REFERENCES dossiers (id),
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    max_attempts  BIGINT NOT NULL,
    lease_until   BIGINT,
    worker        TEXT,
    last_error    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX jobs_claimable ON jobs (status, lease_until);
