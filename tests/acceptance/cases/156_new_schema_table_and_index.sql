-- label: safe
-- why: schema, table and index are all new; the FK to existing invoices only takes a brief SHARE ROW EXCLUSIVE on it
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TABLE billing.credit_notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id  bigint NOT NULL REFERENCES public.invoices (id),
    amount_cents bigint NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX credit_notes_invoice_id_idx ON billing.credit_notes (invoice_id);
ALTER TABLE billing.credit_notes ADD CONSTRAINT credit_notes_amount_positive CHECK (amount_cents > 0);
