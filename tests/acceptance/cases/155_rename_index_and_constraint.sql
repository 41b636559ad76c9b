-- label: safe
-- why: renaming an index or constraint is catalog-only and invisible to application queries
ALTER INDEX IF EXISTS index_events_on_user_id RENAME TO events_user_id_idx;
ALTER TABLE invoices RENAME CONSTRAINT invoices_amount_nonnegative TO invoices_amount_cents_nonnegative;
