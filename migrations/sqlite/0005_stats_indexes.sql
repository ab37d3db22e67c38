-- Monthly statistics without sorting a month of defects (sqlite). Never edit once applied:
-- add a new file. The twin is ../postgres/0005_stats_indexes.sql.
--
-- SQLite groups rows by sorting them unless an index hands them over in group order; sorting
-- a month of a million defects by unit, officer, rule and state took 5-9 s. Each index below
-- is read in the order of one statistics query's GROUP BY (see src/store/stats_sql.rs), and
-- covers every column that query reads.

-- Per dossier and review state, and the filtered views that go dossier by dossier (the
-- same index as PostgreSQL's twin).
CREATE INDEX defects_dossier_state ON defects (dossier_id, status, origin, updated_at, category, rule, deduction);
-- Per rule and review state.
CREATE INDEX defects_rule_state ON defects (category, rule, status, origin, updated_at, deduction);
-- The trend: per status, a range of months.
CREATE INDEX defects_status_updated ON defects (status, updated_at, deduction);
-- Only the statistics read this one, and none of their queries does any more.
DROP INDEX defects_month;
