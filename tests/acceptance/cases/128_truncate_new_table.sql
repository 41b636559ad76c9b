-- label: safe
-- why: the truncated table is the staging table created in this file
CREATE UNLOGGED TABLE tmp_plan_prices (
    plan_code   text PRIMARY KEY,
    price_cents integer NOT NULL
);

INSERT INTO tmp_plan_prices VALUES ('starter', 900), ('pro', 2900), ('team', 7900);

UPDATE plans p
   SET price_cents = t.price_cents
  FROM tmp_plan_prices t
 WHERE p.code = t.plan_code;

TRUNCATE tmp_plan_prices;
DROP TABLE tmp_plan_prices;
