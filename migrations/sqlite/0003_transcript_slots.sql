-- Who was busy when: one row per officer (讯问人/询问人 or 记录人) per transcript of a checked
-- dossier, for the unit-wide time-conflict rule (timing.unit_overlap). Never edit once
-- applied. The PostgreSQL twin is ../postgres/0003_transcript_slots.sql.
-- `person` is the name as the rule compares it (folded, no spaces). `start_at`/`end_at` are
-- the transcript's written local times, stored as if they were UTC milliseconds: they are only
-- compared with each other.

CREATE TABLE transcript_slots (
    dossier_id  BIGINT NOT NULL REFERENCES dossiers (id),
    document    BIGINT NOT NULL,
    person      TEXT NOT NULL,
    page        BIGINT NOT NULL,
    bbox        TEXT NOT NULL,
    start_at    BIGINT NOT NULL,
    end_at      BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, document, person)
);
CREATE INDEX transcript_slots_person ON transcript_slots (person, start_at);
