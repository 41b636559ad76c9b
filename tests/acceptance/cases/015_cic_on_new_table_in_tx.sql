-- label: unsafe
-- why: CREATE INDEX CONCURRENTLY inside BEGIN fails even though the table is new: not allowed in a transaction block
BEGIN;

CREATE TABLE coupon_redemptions (
    id          bigserial PRIMARY KEY,
    coupon_code text NOT NULL,
    order_id    integer NOT NULL,
    redeemed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX CONCURRENTLY coupon_redemptions_code_idx ON coupon_redemptions (coupon_code);

COMMIT;
