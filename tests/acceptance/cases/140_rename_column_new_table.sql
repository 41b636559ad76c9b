-- label: safe
-- why: renames on a table created in this same file
CREATE TABLE referral_links (
    id         bigserial PRIMARY KEY,
    owner_id   bigint NOT NULL,
    cd         text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE referral_links RENAME COLUMN cd TO code;
ALTER TABLE referral_links RENAME TO referral_codes;
CREATE UNIQUE INDEX referral_codes_code_key ON referral_codes (code);
