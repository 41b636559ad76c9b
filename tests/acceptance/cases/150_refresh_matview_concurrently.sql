-- label: safe
-- why: REFRESH ... CONCURRENTLY (unique index exists) takes EXCLUSIVE: readers continue
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_revenue;
