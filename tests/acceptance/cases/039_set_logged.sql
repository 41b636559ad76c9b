-- label: unsafe
-- why: SET LOGGED rewrites import_staging (and WAL-logs it) under ACCESS EXCLUSIVE
-- import_staging was created UNLOGGED for the initial load; make it crash-safe.
ALTER TABLE import_staging SET LOGGED;
