-- label: unsafe
-- why: adding a serial column fills every existing row from nextval(): full table rewrite under ACCESS EXCLUSIVE
-- Need a dense sequence number for the export.
ALTER TABLE audit_log ADD COLUMN seq serial;
