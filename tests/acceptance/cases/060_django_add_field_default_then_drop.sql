-- label: unsafe
-- why: ADD COLUMN ... DEFAULT 0 NOT NULL is metadata-only, but Django then DROPs the default: INSERTs from the still-running old app omit retry_count and fail the NOT NULL
BEGIN;
--
-- Add field retry_count to webhookdelivery
--
ALTER TABLE "webhook_deliveries" ADD COLUMN "retry_count" integer DEFAULT 0 NOT NULL;
ALTER TABLE "webhook_deliveries" ALTER COLUMN "retry_count" DROP DEFAULT;
COMMIT;
