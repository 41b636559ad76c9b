-- label: safe
-- why: ALTER COLUMN SET STORAGE only changes the strategy for future values: catalog-only, no rewrite
SET lock_timeout = '2s';
-- large JSON responses: store out of line, uncompressed (faster substring access)
ALTER TABLE webhook_deliveries ALTER COLUMN response_body SET STORAGE EXTERNAL;
