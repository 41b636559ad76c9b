-- label: safe
-- why: adding a nullable json column is a brief catalog change (json vs jsonb is a design choice, not a lock hazard)
ALTER TABLE webhook_deliveries ADD COLUMN request_headers json;
