-- label: unsafe
-- why: SET TABLESPACE copies all of events' data while holding ACCESS EXCLUSIVE
-- Move the hot table to the NVMe tablespace.
ALTER TABLE events SET TABLESPACE fastssd;
