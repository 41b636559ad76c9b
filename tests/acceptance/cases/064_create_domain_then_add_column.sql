-- label: unsafe
-- why: the CHECK-constrained domain is new, but adding a column of that type to existing invoices forces a full table rewrite
CREATE DOMAIN currency_code AS char(3)
    CHECK (VALUE ~ '^[A-Z]{3}$');

ALTER TABLE invoices ADD COLUMN currency currency_code;
