-- label: unsafe
-- why: RENAME COLUMN breaks the application version still running against the old name
ALTER TABLE customers RENAME COLUMN name TO full_name;
