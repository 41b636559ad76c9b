-- label: unsafe
-- why: ADD COLUMN with an inline CHECK validates the constraint against every row: full scan while holding ACCESS EXCLUSIVE
ALTER TABLE products
    ADD COLUMN weight_grams integer CHECK (weight_grams > 0);
