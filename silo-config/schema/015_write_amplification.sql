-- 015 - Less PostgreSQL work per case change (docs/benchmarks.md, session 8).
-- A board card is rewritten as its case changes. With full pages every new version of a card went to another page,
-- so each save also wrote a new primary-key entry (and left the table bloated); with room left in each page the new
-- version stays in the same page (a HOT update) and the index is not touched.
ALTER TABLE board_card SET (fillfactor = 50);

-- case_event.recorded_at only grows, and the hand-over sweep reads it by range: a BRIN index serves that at a
-- fraction of a b-tree's cost per appended event.
DROP INDEX case_event_by_time;
CREATE INDEX case_event_by_time ON case_event USING brin (recorded_at);
