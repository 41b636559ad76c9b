-- label: safe
-- why: CREATE STATISTICS and ANALYZE take SHARE UPDATE EXCLUSIVE only
-- Planner misestimates city/postal_code correlation.
CREATE STATISTICS IF NOT EXISTS addresses_city_postal_stats (dependencies, ndistinct)
    ON city, postal_code FROM addresses;
ANALYZE addresses;
