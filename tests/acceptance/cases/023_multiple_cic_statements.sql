-- label: safe
-- why: several CREATE INDEX CONCURRENTLY statements, each its own implicit transaction, plus ANALYZE (SHARE UPDATE EXCLUSIVE)
-- 000112_invoice_indexes.up.sql
-- Run outside a transaction (golang-migrate: one statement at a time).
SET lock_timeout = '3s';

CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_account_id_idx ON invoices (account_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_due_at_unpaid_idx ON invoices (due_at) WHERE paid_at IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_status_idx ON invoices (status);

ANALYZE invoices;
