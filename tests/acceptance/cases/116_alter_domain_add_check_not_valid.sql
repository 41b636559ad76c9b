-- label: safe
-- why: ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID checks nothing existing: no table scan or table lock
ALTER DOMAIN postal_code
    ADD CONSTRAINT postal_code_max_len CHECK (length(VALUE) <= 10) NOT VALID;
