-- label: unsafe
-- why: DROP SCHEMA ... CASCADE drops every table in it: data loss
-- legacy reporting schema replaced by the warehouse
DROP SCHEMA IF EXISTS legacy_reports CASCADE;
