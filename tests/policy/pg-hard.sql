-- The hardened PostgreSQL's roles and extensions (tests/servers.sh runs this
-- as postgres over the socket, @PASSWORD@ filled in). PUBLIC has no CREATE on
-- schema public: PG15's default for a new cluster, checked by t0100.
CREATE EXTENSION pgaudit;
-- log_statement = 'ddl' would write the passwords below to the server log in
-- clear (pgaudit redacts them); not for this session
SET log_statement = 'none';
-- a plain login role: every check needing more than "any" is unverifiable
CREATE ROLE sg_gate LOGIN PASSWORD '@PASSWORD@';
-- the gate role of compliance.md §4: pg_monitor and the two pg_hba grants
CREATE ROLE sg_monitor_gate LOGIN PASSWORD '@PASSWORD@';
GRANT pg_monitor TO sg_monitor_gate;
GRANT SELECT ON pg_catalog.pg_hba_file_rules TO sg_monitor_gate;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_hba_file_rules() TO sg_monitor_gate;
-- template1 too, so a database created later has pgaudit's event triggers
\connect template1
CREATE EXTENSION pgaudit;
