-- label: unsafe
-- why: ALTER INDEX SET TABLESPACE copies the index under ACCESS EXCLUSIVE on the index, which blocks queries that plan against orders
-- Move the hot PK index to NVMe.
ALTER INDEX orders_pkey SET TABLESPACE fastssd;
