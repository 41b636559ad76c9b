-- label: safe
-- why: all indexes and constraints are on the table created in this same file, which is empty
-- V52__create_refunds.sql
CREATE TABLE refunds (
    id            bigserial PRIMARY KEY,
    payment_id    bigint NOT NULL,
    amount_cents  integer NOT NULL CHECK (amount_cents > 0),
    reason        text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refunds_payment_id_idx ON refunds (payment_id);
CREATE UNIQUE INDEX refunds_payment_id_created_at_key ON refunds (payment_id, created_at);
ALTER TABLE refunds ADD CONSTRAINT refunds_reason_len CHECK (char_length(reason) <= 500);
ALTER TABLE refunds ALTER COLUMN reason SET NOT NULL;
