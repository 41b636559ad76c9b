-- label: unsafe
-- why: orders_archive is new, but the second index is on the existing orders table and is built without CONCURRENTLY
-- Archive table for orders older than 2 years.
CREATE TABLE orders_archive (LIKE orders INCLUDING DEFAULTS);
CREATE INDEX orders_archive_created_at_idx ON orders_archive (created_at);

-- and the archiver job needs this on the live table:
CREATE INDEX orders_status_created_at_idx ON orders (status, created_at);
