-- label: safe
-- why: column is new and unindexed; timestamp -> timestamptz with session TimeZone UTC needs no rewrite on PG12+
SET TIME ZONE 'UTC';
ALTER TABLE users ADD COLUMN terms_accepted_at timestamp;
-- all new columns must be timestamptz (lint policy)
ALTER TABLE users ALTER COLUMN terms_accepted_at TYPE timestamptz;
