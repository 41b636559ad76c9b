-- label: unsafe
-- why: json -> jsonb requires parsing every value: full table rewrite of events under ACCESS EXCLUSIVE
ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
