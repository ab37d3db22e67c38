-- Monthly statistics and the daily digest (postgres). Never edit once applied: add a new file.
-- The twin is ../sqlite/0002_stats_digest.sql.

-- Digest recipients: users with an e-mail address, by role and unit.
ALTER TABLE users ADD COLUMN email TEXT;

-- A defect counts in the month of its last state change (`updated_at`: raised, decided,
-- undone). The monthly query reads a range of it and only these columns: a covering index.
CREATE INDEX defects_month ON defects (updated_at, status, dossier_id, origin, category, rule, deduction);
-- The digest's open flags by age.
CREATE INDEX defects_status_created ON defects (status, created_at);
-- A dossier counts as checked in the month its check finished.
CREATE INDEX dossiers_done ON dossiers (status, updated_at);

-- One row per local day: the UNIQUE day is what makes the digest exactly-once across
-- restarts and across several server processes (the second INSERT finds the row).
CREATE TABLE digests (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day         TEXT NOT NULL UNIQUE,
    since_at    BIGINT NOT NULL,
    cutoff_at   BIGINT NOT NULL,
    content     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Each delivery of a digest (the webhook, one e-mail per recipient) with its attempts: a
-- failed one is retried at `next_attempt_at` until `failed`, never dropped silently.
CREATE TABLE digest_deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    digest_id        BIGINT NOT NULL REFERENCES digests (id),
    channel          TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    recipient        TEXT NOT NULL,
    user_id          BIGINT REFERENCES users (id),
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    last_error       TEXT,
    sent_at          BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX digest_deliveries_due ON digest_deliveries (status, next_attempt_at);
CREATE INDEX digest_deliveries_digest ON digest_deliveries (digest_id);
