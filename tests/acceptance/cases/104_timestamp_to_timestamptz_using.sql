-- label: unsafe
-- why: USING ... AT TIME ZONE is a real conversion, not a relabel: full rewrite of events under ACCESS EXCLUSIVE
-- occurred_at was written in America/New_York local time by the old collector
ALTER TABLE events
    ALTER COLUMN occurred_at TYPE timestamptz
    USING occurred_at AT TIME ZONE 'America/New_York';
