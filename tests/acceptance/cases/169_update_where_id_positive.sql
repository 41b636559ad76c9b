-- label: unsafe
-- why: WHERE id > 0 is not a batch bound: the statement updates the whole users table at once
-- normalise emails (WHERE clause keeps the safe-update guard happy)
UPDATE users SET email = lower(trim(email)) WHERE id > 0;
