-- label: unsafe
-- why: CLUSTER rewrites events under ACCESS EXCLUSIVE
-- Physically order events by time for better range scans.
CLUSTER events USING events_pkey;
ANALYZE events;
