-- label: unsafe
-- why: ADD CONSTRAINT UNIQUE builds a new index while holding ACCESS EXCLUSIVE on payments, and fails if duplicates exist
-- Prevent double-capture from the webhook retry storm.
ALTER TABLE payments
    ADD CONSTRAINT payments_provider_provider_ref_key UNIQUE (provider, provider_ref);
