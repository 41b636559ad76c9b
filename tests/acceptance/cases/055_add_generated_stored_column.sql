-- label: unsafe
-- why: GENERATED ALWAYS AS ... STORED must be computed for every row: full table rewrite under ACCESS EXCLUSIVE
ALTER TABLE order_items
    ADD COLUMN line_total_cents bigint
    GENERATED ALWAYS AS (quantity::bigint * unit_price_cents) STORED;
