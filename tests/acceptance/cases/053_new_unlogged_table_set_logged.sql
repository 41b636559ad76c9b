-- label: safe
-- why: the table rewritten by SET LOGGED and the volatile default are on a staging table created and loaded in this file; existing tables are only read
-- Bulk-build the new search table unlogged (fast), then make it durable.
CREATE UNLOGGED TABLE product_search (
    product_id  bigint PRIMARY KEY,
    document    tsvector NOT NULL
);

INSERT INTO product_search (product_id, document)
SELECT id, to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(description, ''))
  FROM products;

ALTER TABLE product_search ADD COLUMN build_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE product_search SET LOGGED;
CREATE INDEX product_search_document_idx ON product_search USING gin (document);
