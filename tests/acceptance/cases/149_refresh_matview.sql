-- label: unsafe
-- why: REFRESH MATERIALIZED VIEW without CONCURRENTLY holds ACCESS EXCLUSIVE on daily_revenue for the whole recompute: readers blocked
-- pick up the new refund logic
REFRESH MATERIALIZED VIEW daily_revenue;
