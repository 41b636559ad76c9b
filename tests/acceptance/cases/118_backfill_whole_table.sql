-- label: unsafe
-- why: single UPDATE of every row of users: one huge transaction holding row locks on the whole table
-- Backfill locale for existing users.
UPDATE users SET locale = 'en-US' WHERE locale IS NULL;
