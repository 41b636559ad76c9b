-- label: unsafe
-- why: the separate SET NOT NULL scans all of inventory under ACCESS EXCLUSIVE (it does not know every row got the default)
ALTER TABLE inventory ADD COLUMN reserved integer DEFAULT 0;
ALTER TABLE inventory ALTER COLUMN reserved SET NOT NULL;
