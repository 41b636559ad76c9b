-- label: unsafe
-- why: DEFAULT nextval(...) is volatile: every existing row gets its own value, full rewrite under ACCESS EXCLUSIVE
CREATE SEQUENCE IF NOT EXISTS invoice_numbers_seq START 100000;

ALTER TABLE invoices
    ADD COLUMN invoice_no bigint DEFAULT nextval('invoice_numbers_seq');
