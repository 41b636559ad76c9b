ALTER TABLE users DROP COLUMN login_token;
ALTER TABLE users DROP COLUMN status;
