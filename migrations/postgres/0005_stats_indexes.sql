-- Monthly statistics without sorting a month of defects (postgres). Never edit once applied:
-- add a new file. The twin is ../sqlite/0005_stats_indexes.sql.
--
-- The per-owner counts go dossier by dossier (src/store/stats_sql.rs): each dossier's defects
-- from this index alone, in state order, so they are counted without a hash or a sort. Hashing
-- a month of a million defects by dossier instead took half as long again.
CREATE INDEX defects_dossier_state ON defects (dossier_id, status, origin, updated_at, category, rule, deduction);
-- The trend: per status, a range of months, read in status order from a narrow index.
CREATE INDEX defects_status_updated ON defects (status, updated_at, deduction);
-- The per-rule counts hash the month's defects (through defects_month). Without statistics on
-- the four columns together, PostgreSQL estimates the groups from each column's own distinct
-- count, far from the few hundred (category, rule, state) there are; ANALYZE fills these in.
CREATE STATISTICS defects_rule_state_groups (ndistinct) ON category, rule, status, origin FROM defects;
