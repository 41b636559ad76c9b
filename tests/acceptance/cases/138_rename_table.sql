-- label: unsafe
-- why: RENAME TABLE breaks every query of the running application
ALTER TABLE shipments RENAME TO deliveries;
