-- label: unsafe
-- why: ALTER COLUMN TYPE with a computing USING expression rewrites every row of payments under ACCESS EXCLUSIVE (and breaks the running app's integer writes)
-- store money as numeric dollars
ALTER TABLE payments
    ALTER COLUMN amount_cents TYPE numeric(12,2) USING (amount_cents / 100.0);
ALTER TABLE payments RENAME COLUMN amount_cents TO amount;
