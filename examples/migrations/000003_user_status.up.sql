-- Written the way many first drafts are: every statement here locks or
-- rewrites a table that production is using.
ALTER TABLE users ADD COLUMN status text NOT NULL;
ALTER TABLE users ADD COLUMN login_token uuid DEFAULT gen_random_uuid();
CREATE INDEX users_status_idx ON users (status);
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
UPDATE users SET status = 'active';
