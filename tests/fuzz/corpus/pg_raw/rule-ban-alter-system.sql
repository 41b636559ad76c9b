# ban-alter-system: cluster-wide configuration changes from a migration
=== ALTER SYSTEM SET
ALTER SYSTEM SET work_mem = '256MB';
--- expect
1:1
=== TO DEFAULT, RESET and RESET ALL change the cluster too
ALTER SYSTEM SET max_connections TO DEFAULT;
ALTER SYSTEM RESET work_mem;
  ALTER SYSTEM RESET ALL;
--- expect
1:1
2:1
3:3
=== database and role level settings are the scoped alternative
ALTER DATABASE app SET work_mem = '256MB';
ALTER ROLE reporting SET work_mem = '256MB';
ALTER ROLE reporting IN DATABASE app SET statement_timeout = '30s';
SET work_mem = '256MB';
--- expect
=== inside a DO block (EXECUTE of a literal)
DO $$
BEGIN
  EXECUTE 'ALTER SYSTEM SET log_min_duration_statement = 0';
END $$;
--- expect
3:12
=== down migrations too
--- options: down
ALTER SYSTEM RESET work_mem;
--- expect
1:1
