-- label: safe
-- why: column added without default (brief), then SET DEFAULT nextval only affects future inserts: no rewrite
CREATE SEQUENCE IF NOT EXISTS invoice_numbers_seq START 100000;

SET lock_timeout = '2s';
ALTER TABLE invoices ADD COLUMN invoice_no bigint;
ALTER TABLE invoices ALTER COLUMN invoice_no SET DEFAULT nextval('invoice_numbers_seq');
ALTER SEQUENCE invoice_numbers_seq OWNED BY invoices.invoice_no;
