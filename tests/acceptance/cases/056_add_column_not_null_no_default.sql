-- label: unsafe
-- why: ADD COLUMN NOT NULL without DEFAULT fails on a non-empty table (and breaks INSERTs of the running app)
-- Every order must record the sales channel.
ALTER TABLE orders ADD COLUMN sales_channel text NOT NULL;
