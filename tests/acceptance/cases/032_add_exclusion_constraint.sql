-- label: unsafe
-- why: ADD CONSTRAINT EXCLUDE builds a GiST index and checks all rows under ACCESS EXCLUSIVE; exclusion constraints cannot be NOT VALID
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- No two bookings of the same room may overlap.
ALTER TABLE room_bookings
    ADD CONSTRAINT room_bookings_no_overlap
    EXCLUDE USING gist (room_id WITH =, during WITH &&);
