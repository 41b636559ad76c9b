-- label: safe
-- why: a new nullable column with REFERENCES and no default is all NULL, so PostgreSQL skips FK validation: only brief ACCESS EXCLUSIVE + SHARE ROW EXCLUSIVE, no scan
-- Orders may be placed by a sales rep on behalf of a customer.
SET lock_timeout = '2s';
ALTER TABLE orders
    ADD COLUMN placed_by_user_id bigint REFERENCES users (id);
