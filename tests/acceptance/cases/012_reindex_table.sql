-- label: unsafe
-- why: REINDEX TABLE without CONCURRENTLY rebuilds every index of events while blocking writes
-- After the bulk import, rebuild everything on events.
REINDEX TABLE events;
ANALYZE events;
