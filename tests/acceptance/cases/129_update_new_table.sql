-- label: safe
-- why: the whole-table UPDATE and DELETE target a table created earlier in this file
CREATE TABLE currency_rates (
    currency    char(3) PRIMARY KEY,
    usd_rate    numeric(18,8) NOT NULL,
    source      text,
    fetched_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO currency_rates (currency, usd_rate)
VALUES ('EUR', 1.08), ('GBP', 1.27), ('JPY', 0.0067), ('XXX', 0);

UPDATE currency_rates SET source = 'ecb-seed';
DELETE FROM currency_rates WHERE usd_rate = 0;
