-- label: safe
-- why: data fix touching a handful of rows by primary key
-- Support ticket #8812: fix plan prices for grandfathered customers
UPDATE plans SET price_cents = 1900 WHERE id = 3;
UPDATE plans SET price_cents = 4900 WHERE id IN (7, 8);
