-- label: safe
-- why: CREATE DOMAIN with CHECK used only by a table created in this file: nothing existing is scanned
CREATE DOMAIN percentage AS numeric(5,2)
    CHECK (VALUE >= 0 AND VALUE <= 100);

CREATE TABLE discount_rules (
    id          bigserial PRIMARY KEY,
    plan_id     bigint NOT NULL,
    percent_off percentage NOT NULL,
    valid_from  date NOT NULL,
    valid_until date
);
