-- label: safe
-- why: autovacuum and fillfactor reloptions take only SHARE UPDATE EXCLUSIVE and rewrite nothing
-- events is append-mostly; vacuum more often, leave room for HOT updates on sessions.
ALTER TABLE events SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_analyze_scale_factor = 0.005
);
ALTER TABLE sessions SET (fillfactor = 85);
