-- In its own migration (own transaction): VALIDATE takes only SHARE UPDATE
-- EXCLUSIVE, so reads and writes go on while it scans.
ALTER TABLE users VALIDATE CONSTRAINT users_status_not_null;
