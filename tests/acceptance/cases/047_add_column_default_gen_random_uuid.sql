-- label: unsafe
-- why: gen_random_uuid() is VOLATILE: every existing row needs its own value, so the table is rewritten under ACCESS EXCLUSIVE
-- Public identifiers for the API (don't leak sequential ids).
ALTER TABLE orders
    ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
