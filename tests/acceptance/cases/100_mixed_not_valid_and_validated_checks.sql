-- label: unsafe
-- why: one of the two CHECKs in the ALTER lacks NOT VALID: accounts is scanned under ACCESS EXCLUSIVE
ALTER TABLE accounts
    ADD CONSTRAINT accounts_currency_iso CHECK (currency ~ '^[A-Z]{3}$') NOT VALID,
    ADD CONSTRAINT accounts_balance_floor CHECK (balance_cents >= -100000);
