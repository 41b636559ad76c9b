-- label: unsafe
-- why: a column with a non-null DEFAULT and REFERENCES must be validated: full scan of products under ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE on categories
-- Put everything into the "Uncategorised" category (id 1) by default.
ALTER TABLE products
    ADD COLUMN primary_category_id bigint NOT NULL DEFAULT 1
    REFERENCES categories (id);
