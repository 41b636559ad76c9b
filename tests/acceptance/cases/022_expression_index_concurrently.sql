-- label: safe
-- why: expression index built CONCURRENTLY outside a transaction
-- case-insensitive email lookups
create index concurrently if not exists index_customers_on_lower_email
  on customers (lower(email));
