-- label: safe
-- why: CURRENT_DATE and CURRENT_TIMESTAMP are STABLE: defaults stored as missing values, no rewrite
-- Flyway V77__invoice_dates.sql
ALTER TABLE invoices
    ADD COLUMN accounting_date date NOT NULL DEFAULT CURRENT_DATE,
    ADD COLUMN imported_at timestamptz DEFAULT CURRENT_TIMESTAMP;
