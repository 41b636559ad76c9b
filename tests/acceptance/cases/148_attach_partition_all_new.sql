-- label: safe
-- why: partitioned table and its partitions are all created in this file (empty)
CREATE TABLE api_requests (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    api_key_id  bigint NOT NULL,
    path        text NOT NULL,
    status_code smallint NOT NULL,
    requested_at timestamptz NOT NULL
) PARTITION BY RANGE (requested_at);

CREATE TABLE api_requests_2025_01 (LIKE api_requests INCLUDING DEFAULTS);
ALTER TABLE api_requests ATTACH PARTITION api_requests_2025_01
    FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');

CREATE TABLE api_requests_2025_02 PARTITION OF api_requests
    FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');

CREATE INDEX api_requests_api_key_id_idx ON api_requests (api_key_id, requested_at);
