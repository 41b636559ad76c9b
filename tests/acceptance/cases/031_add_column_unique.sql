-- label: unsafe
-- why: ADD COLUMN ... UNIQUE builds a unique index over the whole users table while holding ACCESS EXCLUSIVE
ALTER TABLE users ADD COLUMN referral_code text UNIQUE;
