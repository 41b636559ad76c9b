-- label: unsafe
-- why: ALTER DOMAIN ... SET NOT NULL scans every column of the domain while holding SHARE on each table: writes blocked
ALTER DOMAIN postal_code SET NOT NULL;
