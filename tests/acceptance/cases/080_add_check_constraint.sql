-- label: unsafe
-- why: ADD CONSTRAINT CHECK without NOT VALID scans all of payments while holding ACCESS EXCLUSIVE
ALTER TABLE payments
    ADD CONSTRAINT payments_amount_cents_positive CHECK (amount_cents > 0);
