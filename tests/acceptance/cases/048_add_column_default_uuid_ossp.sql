-- label: unsafe
-- why: uuid_generate_v4() is VOLATILE: table rewrite under ACCESS EXCLUSIVE
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

ALTER TABLE customers ADD COLUMN external_uuid uuid DEFAULT uuid_generate_v4();
