-- label: unsafe
-- why: changing a column to a domain with a CHECK must check every row (it is not an unconstrained domain): scan/rewrite of addresses under ACCESS EXCLUSIVE
-- reuse the validated postal_code domain for shipping addresses
ALTER TABLE addresses ALTER COLUMN shipping_postal_code TYPE postal_code;
