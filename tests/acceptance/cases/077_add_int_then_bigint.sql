-- label: unsafe
-- why: even though the column is new, int -> bigint is not binary-coercible: full rewrite of the existing payments table
ALTER TABLE payments ADD COLUMN gateway_txn_no integer;
-- gateway numbers overflow int32
ALTER TABLE payments ALTER COLUMN gateway_txn_no TYPE bigint;
