-- label: unsafe
-- why: CREATE INDEX without CONCURRENTLY on existing orders takes SHARE and blocks all writes for the whole build
-- V41__index_orders_created_at.sql
-- Reporting queries filter by created_at; add an index.
CREATE INDEX orders_created_at_idx ON orders (created_at);
