-- label: safe
-- why: exclusion constraint declared on a table created in this file (empty)
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE desk_reservations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    desk_id     integer NOT NULL,
    employee_id bigint  NOT NULL,
    during      tstzrange NOT NULL,
    CONSTRAINT desk_reservations_no_overlap
        EXCLUDE USING gist (desk_id WITH =, during WITH &&)
);

CREATE INDEX desk_reservations_employee_id_idx ON desk_reservations (employee_id);
