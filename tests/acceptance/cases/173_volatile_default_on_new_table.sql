-- label: safe
-- why: volatile defaults and identity on a table created in this file: nothing existing is rewritten
CREATE TABLE password_resets (
    user_id    bigint NOT NULL REFERENCES users (id)
);
ALTER TABLE password_resets ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE password_resets ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE password_resets ADD COLUMN created_at timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE UNIQUE INDEX password_resets_token_key ON password_resets (token);
