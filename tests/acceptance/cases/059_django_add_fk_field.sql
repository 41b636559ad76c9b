-- label: unsafe
-- why: the FK column itself is fine (nullable, no default), but Django's CREATE INDEX on existing orders is not CONCURRENTLY: writes blocked for the build
BEGIN;
--
-- Add field coupon to order
--
ALTER TABLE "orders" ADD COLUMN "coupon_id" bigint NULL CONSTRAINT "orders_coupon_id_5b8f1e3c_fk_coupons_id" REFERENCES "coupons"("id") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "orders_coupon_id_5b8f1e3c_fk_coupons_id" IMMEDIATE;
CREATE INDEX "orders_coupon_id_5b8f1e3c" ON "orders" ("coupon_id");
COMMIT;
