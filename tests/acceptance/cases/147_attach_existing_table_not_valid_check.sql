-- label: unsafe
-- why: a NOT VALID CHECK does not let ATTACH skip validation: measurements_2023 is scanned under ACCESS EXCLUSIVE
-- Bring the legacy 2023 table into the partitioned table.
ALTER TABLE measurements_2023
    ADD CONSTRAINT measurements_2023_bounds
    CHECK (recorded_at >= '2023-01-01' AND recorded_at < '2024-01-01') NOT VALID;

ALTER TABLE measurements
    ATTACH PARTITION measurements_2023
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
