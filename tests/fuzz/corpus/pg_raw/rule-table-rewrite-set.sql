# table-rewrite-set: SET LOGGED / UNLOGGED / TABLESPACE / ACCESS METHOD copy the table
=== SET LOGGED rewrites an existing table
ALTER TABLE events SET LOGGED;
--- expect
1:20
=== each copying sub-command of one ALTER TABLE ONLY is located
ALTER TABLE ONLY app.events SET UNLOGGED, ADD COLUMN x int,
  SET TABLESPACE fast_ssd;
--- expect
1:29
2:3
=== SET ACCESS METHOD, with IF EXISTS and a quoted name
ALTER TABLE IF EXISTS "Events" SET ACCESS METHOD heap2;
--- expect
1:32
=== moving an index or a materialized view to another tablespace
ALTER INDEX app.events_created_idx SET TABLESPACE fast_ssd;
ALTER MATERIALIZED VIEW daily_totals SET TABLESPACE fast_ssd;
--- expect
1:36
2:38
=== ALL IN TABLESPACE moves every relation there
ALTER TABLE ALL IN TABLESPACE slow SET TABLESPACE fast;
ALTER INDEX ALL IN TABLESPACE slow OWNED BY app SET TABLESPACE fast NOWAIT;
--- expect
1:1
2:1
=== storage options and statistics do not copy the table
ALTER TABLE events SET (fillfactor = 70), ALTER COLUMN x SET STATISTICS 500;
ALTER TABLE events SET WITHOUT CLUSTER;
--- expect
=== a table and an index created earlier in the run are new
--- file 001_create.sql
CREATE UNLOGGED TABLE staging (id bigint);
CREATE INDEX staging_id_idx ON staging (id);
--- file 002_log.sql
ALTER TABLE staging SET LOGGED;
ALTER INDEX staging_id_idx SET TABLESPACE fast_ssd;
--- expect
=== inside a DO block, at its position in the file
DO $$
BEGIN
  ALTER TABLE events SET UNLOGGED;
END $$;
--- expect
3:22
