-- label: unsafe
-- why: regions is new, but the validated FK on existing warehouses scans it under SHARE ROW EXCLUSIVE (and fails unless every region_id is in the empty table)
CREATE TABLE regions (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

ALTER TABLE warehouses
    ADD CONSTRAINT warehouses_region_id_fkey
    FOREIGN KEY (region_id) REFERENCES regions (id);
