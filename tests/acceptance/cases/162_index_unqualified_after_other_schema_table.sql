-- label: unsafe
-- why: archive.orders is new, but the unqualified CREATE INDEX resolves to public.orders (default search_path) and is not CONCURRENTLY
CREATE SCHEMA IF NOT EXISTS archive;
CREATE TABLE archive.orders (LIKE public.orders INCLUDING ALL);

-- index the archive copy
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at);
