#!/bin/sh
# The servers tests/run.sh starts for the tests answer on loopback with
# password logins, and refuse a wrong password. The four servers of the
# compliance-policy tests (tests/policy/) are up and have what defines them.
. tests/e2e/lib.sh

if [ -n "$SG_TEST_PG_URL" ] && got=$(psql -X -q -t -A "$SG_TEST_PG_URL" -c "SELECT current_user || '@' || current_database()" 2>&1) &&
	[ "$got" = "sg_test@staging" ]; then
	ok "PostgreSQL answers sg_test on staging"
else
	not_ok "PostgreSQL answers sg_test on staging" "${SG_TEST_PG_URL:-SG_TEST_PG_URL is not set}" "$got"
fi
if [ -n "$SG_TEST_PG_URL" ] &&
	! psql -X -q -t -A "$(printf '%s' "$SG_TEST_PG_URL" | sed 's/:[^:@]*@/:wrong@/')" -c 'SELECT 1' > /dev/null 2>&1; then
	ok "PostgreSQL refuses a wrong password"
else
	not_ok "PostgreSQL refuses a wrong password"
fi

# mysql://USER:PASSWORD@HOST:PORT/DB[?...], for the mariadb client
mysql_args() {
	printf '%s' "$1" | sed -n 's|^mysql://\([^:]*\):\([^@]*\)@\([^:]*\):\([0-9]*\)/\([^?]*\).*$|-u\1 -p\2 -h\3 -P\4 \5|p'
}
if [ -n "$SG_TEST_MYSQL_URL" ] &&
	got=$(mariadb --no-defaults $(mysql_args "$SG_TEST_MYSQL_URL") -N -e "SELECT CONCAT(CURRENT_USER(), ' ', DATABASE(), ' ', VERSION())" 2>&1) &&
	case $got in sg_test@127.0.0.1\ staging\ 10.11*) true ;; *) false ;; esac; then
	ok "MariaDB 10.11 answers sg_test on staging over 127.0.0.1"
else
	not_ok "MariaDB 10.11 answers sg_test on staging over 127.0.0.1" "${SG_TEST_MYSQL_URL:-SG_TEST_MYSQL_URL is not set}" "$got"
fi
if [ -n "$SG_TEST_MYSQL_URL" ] &&
	! mariadb --no-defaults $(mysql_args "$(printf '%s' "$SG_TEST_MYSQL_URL" | sed 's/:[^:@]*@/:wrong@/')") -e 'SELECT 1' > /dev/null 2>&1; then
	ok "MariaDB refuses a wrong password"
else
	not_ok "MariaDB refuses a wrong password"
fi

# --- The servers of the compliance-policy tests (tests/policy/README.md).

# pg_is TITLE VAR SQL EXPECTED [CONNINFO]: psql with the connection string in
# $VAR (and the key=value pairs of CONNINFO after it), never asking for a
# password, prints EXPECTED (unaligned, '|' between columns).
pg_is() {
	eval "conn=\${$2}"
	if [ -z "$conn" ]; then not_ok "$1" "$2 is not set"; return; fi
	[ -z "$5" ] || conn="$conn $5"
	if got=$(psql -X -q -t -A -w -v ON_ERROR_STOP=1 "$conn" -c "$3" 2>&1) && [ "$got" = "$4" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $4" "got: $got"
	fi
}

# my_is TITLE VAR SQL EXPECTED [OPTION...]: the mariadb client with the URL in
# $VAR (and the options) prints EXPECTED. (A boolean variable such as
# @@log_bin prints 1 alone but ON inside CONCAT_WS.)
my_is() {
	title=$1 var=$2 sql=$3 want=$4
	shift 4
	eval "url=\${$var}"
	if [ -z "$url" ]; then not_ok "$title" "$var is not set"; return; fi
	if got=$(mariadb --no-defaults $(mysql_args "$url") "$@" -N -B -e "$sql" 2>&1) && [ "$got" = "$want" ]; then
		ok "$title"
	else
		not_ok "$title" "expected: $want" "got: $got"
	fi
}

# Weak PostgreSQL: trust, no TLS, md5, no archiving, no logging, no pgaudit.
pg_is "weak PostgreSQL 15 answers postgres over 127.0.0.1 without a password and without TLS" SG_TEST_PGWEAK_URL \
	"SELECT current_user, current_setting('server_version_num')::int / 10000, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()" \
	"postgres|15|f"
pg_is "weak PostgreSQL: no pgaudit, ssl off, archive_mode off, wal_level minimal, md5, no connection or statement log" SG_TEST_PGWEAK_URL \
	"SELECT (SELECT count(*) FROM pg_settings WHERE name LIKE 'pgaudit.%'), current_setting('ssl'), current_setting('archive_mode'),
		current_setting('wal_level'), current_setting('password_encryption'), current_setting('log_connections'),
		current_setting('log_disconnections'), current_setting('log_statement')" \
	"0|off|off|minimal|md5|off|off|none"
pg_is "weak PostgreSQL: md5 hashes, an extra superuser, BYPASSRLS, CREATEROLE, a login without password" SG_TEST_PGWEAK_ADMIN \
	"SELECT string_agg(rolname || ':' || concat_ws(',', CASE WHEN rolsuper THEN 'super' END, CASE WHEN rolbypassrls THEN 'bypassrls' END,
		CASE WHEN rolcreaterole THEN 'createrole' END, CASE WHEN rolcanlogin THEN 'login' END,
		CASE WHEN rolpassword IS NULL THEN 'nopassword' WHEN rolpassword LIKE 'md5%' THEN 'md5' ELSE 'other' END), ' ' ORDER BY rolname)
	FROM pg_authid WHERE rolname LIKE 'sg\_%'" \
	"sg_bypassrls:bypassrls,nopassword sg_createrole:createrole,nopassword sg_extra_super:super,login,md5 sg_md5:login,md5 sg_nopass:login,nopassword"
for db in postgres app; do
	pg_is "weak PostgreSQL: PUBLIC may CREATE in schema public and SELECT new tables, in database $db" SG_TEST_PGWEAK_ADMIN \
		"SELECT has_schema_privilege('public', 'public', 'CREATE'), (SELECT string_agg(d.defaclobjtype::text || ':' || a.privilege_type, ',')
			FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE a.grantee = 0)" \
		"t|r:SELECT" "dbname=$db"
done
pg_is "weak PostgreSQL: a SECURITY DEFINER function without search_path" SG_TEST_PGWEAK_ADMIN \
	"SELECT string_agg(p.oid::regprocedure::text, ',') FROM pg_proc p WHERE p.prosecdef AND p.proconfig IS NULL
		AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)" \
	"sg_definer()"
pg_is "weak PostgreSQL: pg_hba trusts 127.0.0.1 and takes md5 from anywhere" SG_TEST_PGWEAK_ADMIN \
	"SELECT string_agg(concat_ws(' ', type, address, netmask, auth_method), ',' ORDER BY line_number) FROM pg_hba_file_rules" \
	"local trust,host 127.0.0.1 255.255.255.255 trust,host 0.0.0.0 0.0.0.0 md5"

# Hardened PostgreSQL: hostssl and scram only, TLS 1.2+, checksums, pgaudit,
# connection and DDL logging, WAL archiving that has archived a segment.
pg_is "hardened PostgreSQL 15 answers postgres over TLS with a password" SG_TEST_PGHARD_URL \
	"SELECT current_user, current_setting('server_version_num')::int / 10000, ssl, version IN ('TLSv1.2', 'TLSv1.3')
	FROM pg_stat_ssl WHERE pid = pg_backend_pid()" \
	"postgres|15|t|t"
got=""
if [ -n "$SG_TEST_PGHARD_URL" ] && ! got=$(psql -X -q -t -A -w "${SG_TEST_PGHARD_URL%%\?*}?sslmode=disable" -c 'SELECT 1' 2>&1) &&
	case $got in *"no pg_hba.conf entry"*) true ;; *) false ;; esac; then
	ok "hardened PostgreSQL refuses a connection without TLS"
else
	not_ok "hardened PostgreSQL refuses a connection without TLS" "${SG_TEST_PGHARD_URL:-SG_TEST_PGHARD_URL is not set}" "$got"
fi
if [ -n "$SG_TEST_PGHARD_URL" ] &&
	! psql -X -q -t -A -w "$(printf '%s' "$SG_TEST_PGHARD_URL" | sed 's/:[^:@]*@/:wrong@/')" -c 'SELECT 1' > /dev/null 2>&1; then
	ok "hardened PostgreSQL refuses a wrong password"
else
	not_ok "hardened PostgreSQL refuses a wrong password"
fi
pg_is "hardened PostgreSQL: ssl on, TLSv1.2 at least, data checksums, scram-sha-256, wal_level replica" SG_TEST_PGHARD_URL \
	"SELECT current_setting('ssl'), current_setting('ssl_min_protocol_version'), current_setting('data_checksums'),
		current_setting('password_encryption'), current_setting('wal_level')" \
	"on|TLSv1.2|on|scram-sha-256|replica"
pg_is "hardened PostgreSQL: pgaudit loaded (a pgaudit.log row in pg_settings), logging ddl and role" SG_TEST_PGHARD_URL \
	"SELECT (SELECT count(*) FROM pg_settings WHERE name = 'pgaudit.log'), current_setting('pgaudit.log'), current_setting('shared_preload_libraries')" \
	"1|ddl, role|pgaudit"
for db in postgres template1; do
	pg_is "hardened PostgreSQL: extension pgaudit in database $db" SG_TEST_PGHARD_ADMIN \
		"SELECT extname FROM pg_extension WHERE extname = 'pgaudit'" "pgaudit" "dbname=$db"
done
pg_is "hardened PostgreSQL: connections, disconnections and DDL logged, with user, database and client on each line" SG_TEST_PGHARD_URL \
	"SELECT current_setting('log_connections'), current_setting('log_disconnections'), current_setting('log_statement'), current_setting('log_line_prefix')" \
	"on|on|ddl|%m [%p] %u@%d %r "
pg_is "hardened PostgreSQL: archive_mode on, a WAL segment archived, no failure" SG_TEST_PGHARD_URL \
	"SELECT current_setting('archive_mode'), archived_count >= 1, failed_count, last_failed_wal IS NULL FROM pg_stat_archiver" \
	"on|t|0|t"
wal=$(psql -X -q -t -A -w "$SG_TEST_PGHARD_URL" -c 'SELECT last_archived_wal FROM pg_stat_archiver' 2>&1)
if [ -n "$SG_TEST_SERVERS" ] && [ -n "$wal" ] && [ -f "$SG_TEST_SERVERS/pghard/archive/$wal" ]; then
	ok "hardened PostgreSQL: the archived segment is in the archive folder"
else
	not_ok "hardened PostgreSQL: the archived segment is in the archive folder" "last_archived_wal: $wal" \
		"$(ls -l "$SG_TEST_SERVERS/pghard/archive" 2>&1)"
fi
pg_is "hardened PostgreSQL: only SCRAM hashes stored, PUBLIC may not CREATE in schema public" SG_TEST_PGHARD_ADMIN \
	"SELECT (SELECT count(*) FROM pg_authid WHERE rolcanlogin AND (rolpassword IS NULL OR rolpassword NOT LIKE 'SCRAM-SHA-256\$%')),
		has_schema_privilege('public', 'public', 'CREATE')" \
	"0|f"
pg_is "hardened PostgreSQL: pg_hba holds a local and a hostssl 127.0.0.1 line, both scram-sha-256" SG_TEST_PGHARD_ADMIN \
	"SELECT string_agg(concat_ws(' ', type, address, auth_method), ',' ORDER BY line_number) FROM pg_hba_file_rules" \
	"local scram-sha-256,hostssl 127.0.0.1 scram-sha-256"
pg_is "hardened PostgreSQL: sg_gate over TLS does not see the hidden settings nor pg_hba_file_rules" SG_TEST_PGHARD_GATE_URL \
	"SELECT current_user, (SELECT count(*) FROM pg_settings WHERE name IN ('ssl_min_protocol_version', 'shared_preload_libraries')),
		has_table_privilege('pg_hba_file_rules', 'SELECT')" \
	"sg_gate|0|f"
pg_is "hardened PostgreSQL: sg_monitor_gate over TLS sees the hidden settings and pg_hba_file_rules, and is no superuser" SG_TEST_PGHARD_MONITOR_URL \
	"SELECT current_user, (SELECT count(*) FROM pg_settings WHERE name IN ('ssl_min_protocol_version', 'shared_preload_libraries')),
		(SELECT count(*) FROM pg_hba_file_rules), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)" \
	"sg_monitor_gate|2|2|f"

# Weak MariaDB: no TLS, no binary log, no audit or encryption plugin,
# anonymous accounts, remote root and accounts without password.
my_is "weak MariaDB 10.11 answers sg_admin over 127.0.0.1, without TLS" SG_TEST_MYWEAK_URL \
	"SELECT CONCAT_WS('|', CURRENT_USER(), LEFT(VERSION(), 5), @@have_ssl)" \
	"sg_admin@127.0.0.1|10.11|DISABLED"
my_is "weak MariaDB: no binary log, TLS not required, no encryption or audit plugin" SG_TEST_MYWEAK_URL \
	"SELECT CONCAT_WS('|', @@log_bin, @@require_secure_transport, @@innodb_encrypt_tables,
		(SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'ENCRYPTION' OR PLUGIN_NAME = 'SERVER_AUDIT'))" \
	"OFF|OFF|OFF|0"
my_is "weak MariaDB: anonymous accounts, accounts without password, root and sg_weak with ALL from anywhere" SG_TEST_MYWEAK_URL \
	"SELECT CONCAT_WS('|',
		(SELECT GROUP_CONCAT(host ORDER BY host) FROM mysql.user WHERE user = '' AND host IN ('localhost', '127.0.0.1')),
		(SELECT GROUP_CONCAT(CONCAT(u.user, '@', u.host) ORDER BY u.user) FROM mysql.user u JOIN mysql.global_priv g USING (user, host)
		 WHERE u.user <> '' AND u.is_role = 'N' AND u.plugin IN ('mysql_native_password', '') AND u.authentication_string = ''
		   AND COALESCE(JSON_VALUE(g.priv, '\$.account_locked'), 'false') NOT IN ('true', '1')),
		(SELECT GROUP_CONCAT(CONCAT(user, '@', host) ORDER BY user) FROM mysql.user WHERE host = '%' AND Super_priv = 'Y' AND Grant_priv = 'Y'))" \
	"127.0.0.1,localhost|root@%,sg_nopass@localhost|root@%,sg_weak@%"
got=""
if [ -n "$SG_TEST_MYWEAK_URL" ] &&
	got=$(mariadb --no-defaults $(mysql_args "$SG_TEST_MYWEAK_URL" | sed 's/^-u[^ ]* -p[^ ]* \(-h[^ ]* -P[^ ]*\).*/\1/') -usomebody -N -e 'SELECT CURRENT_USER()' 2>&1) &&
	[ "$got" = "@localhost" ]; then
	ok "weak MariaDB lets anybody in over 127.0.0.1 without a password (anonymous account)"
else
	not_ok "weak MariaDB lets anybody in over 127.0.0.1 without a password (anonymous account)" "${SG_TEST_MYWEAK_URL:-SG_TEST_MYWEAK_URL is not set}" "$got"
fi

# Hardened MariaDB: TLS required, encrypted at rest, binary log, audit plugin,
# only root over the socket and the gate login.
my_is "hardened MariaDB 10.11 answers sg_admin over TLS (certificate verified)" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', CURRENT_USER(), LEFT(VERSION(), 5),
		(SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_VERSION') IN ('TLSv1.2', 'TLSv1.3'))" \
	"sg_admin@127.0.0.1|10.11|1" --ssl --ssl-verify-server-cert --ssl-ca="$SG_TEST_MYHARD_CA"
got=""
if [ -n "$SG_TEST_MYHARD_URL" ] && ! got=$(mariadb --no-defaults $(mysql_args "$SG_TEST_MYHARD_URL") --skip-ssl -e 'SELECT 1' 2>&1); then
	ok "hardened MariaDB refuses sg_admin without TLS"
else
	not_ok "hardened MariaDB refuses sg_admin without TLS" "${SG_TEST_MYHARD_URL:-SG_TEST_MYHARD_URL is not set}" "$got"
fi
my_is "hardened MariaDB: TLS required, TLSv1.2 and TLSv1.3 only, sg_admin REQUIRE SSL" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', @@have_ssl, @@require_secure_transport, @@tls_version, (SELECT ssl_type FROM mysql.user WHERE user = 'sg_admin'))" \
	"YES|ON|TLSv1.2,TLSv1.3|ANY" --ssl
my_is "hardened MariaDB: file_key_management active; tables, redo log, temporary files, Aria and binary log encrypted" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', (SELECT GROUP_CONCAT(PLUGIN_NAME, ':', PLUGIN_STATUS) FROM information_schema.PLUGINS WHERE PLUGIN_TYPE = 'ENCRYPTION'),
		@@innodb_encrypt_tables, @@innodb_encrypt_log, @@innodb_encrypt_temporary_tables, @@encrypt_tmp_files,
		@@encrypt_tmp_disk_tables, @@aria_encrypt_tables, @@encrypt_binlog)" \
	"file_key_management:ACTIVE|ON|ON|ON|ON|ON|ON|ON" --ssl
my_is "hardened MariaDB: every InnoDB tablespace encrypted (INNODB_TABLESPACES_ENCRYPTION)" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', (SELECT COUNT(*) FROM information_schema.INNODB_SYS_TABLESPACES s
			LEFT JOIN information_schema.INNODB_TABLESPACES_ENCRYPTION e ON e.SPACE = s.SPACE
			WHERE COALESCE(e.ENCRYPTION_SCHEME, 0) = 0 AND s.NAME <> 'innodb_temporary'),
		(SELECT ENCRYPTION_SCHEME FROM information_schema.INNODB_TABLESPACES_ENCRYPTION WHERE NAME = 'innodb_system'))" \
	"0|1" --ssl
my_is "hardened MariaDB: binary log on, ROW, kept 7 days, synced at each commit" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', @@log_bin, @@binlog_format, @@binlog_expire_logs_seconds, @@sync_binlog)" \
	"ON|ROW|604800|1" --ssl
if [ -n "$SG_TEST_MYHARD_URL" ] && got=$(mariadb --no-defaults $(mysql_args "$SG_TEST_MYHARD_URL") --ssl -N -e 'SHOW BINARY LOGS' 2>&1) &&
	printf '%s\n' "$got" | grep -q '^binlog\.0'; then
	ok "hardened MariaDB: sg_admin may list the binary logs"
else
	not_ok "hardened MariaDB: sg_admin may list the binary logs" "$got"
fi
my_is "hardened MariaDB: server_audit FORCE_PLUS_PERMANENT and active, logging connections, DDL and DCL to a file" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', (SELECT CONCAT(PLUGIN_STATUS, ':', LOAD_OPTION) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT'),
		(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'SERVER_AUDIT_ACTIVE'),
		@@server_audit_logging, @@server_audit_events, @@server_audit_output_type)" \
	"ACTIVE:FORCE_PLUS_PERMANENT|ON|ON|CONNECT,QUERY_DDL,QUERY_DCL|file" --ssl
if [ -n "$SG_TEST_SERVERS" ] && grep -q ',sg_admin,[^,]*,[0-9]*,0,CONNECT,' "$SG_TEST_SERVERS/myhard/audit.log" 2>/dev/null; then
	ok "hardened MariaDB: the audit log has sg_admin's connections"
else
	not_ok "hardened MariaDB: the audit log has sg_admin's connections" "$(tail -5 "$SG_TEST_SERVERS/myhard/audit.log" 2>&1)"
fi
my_is "hardened MariaDB: accounts root (unix_socket only), mariadb.sys (locked) and sg_admin; no anonymous, no empty password" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', GROUP_CONCAT(CONCAT(user, '@', host) ORDER BY user),
		(SELECT CONCAT(JSON_VALUE(priv, '\$.authentication_string'), '+', JSON_VALUE(priv, '\$.auth_or[1].plugin'))
		 FROM mysql.global_priv WHERE user = 'root'),
		(SELECT JSON_VALUE(priv, '\$.account_locked') FROM mysql.global_priv WHERE user = 'mariadb.sys'))
	FROM mysql.user" \
	"mariadb.sys@localhost,root@localhost,sg_admin@127.0.0.1|invalid+unix_socket|1" --ssl
my_is "hardened MariaDB: sg_admin holds PROCESS and BINLOG MONITOR globally and SELECT on mysql.*, nothing more" SG_TEST_MYHARD_URL \
	"SELECT CONCAT_WS('|', (SELECT GROUP_CONCAT(PRIVILEGE_TYPE ORDER BY PRIVILEGE_TYPE) FROM information_schema.USER_PRIVILEGES
			WHERE GRANTEE = '''sg_admin''@''127.0.0.1'''),
		(SELECT GROUP_CONCAT(CONCAT(TABLE_SCHEMA, ':', PRIVILEGE_TYPE)) FROM information_schema.SCHEMA_PRIVILEGES
			WHERE GRANTEE = '''sg_admin''@''127.0.0.1'''),
		(SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = '''sg_admin''@''127.0.0.1'''))" \
	"BINLOG MONITOR,PROCESS|mysql:SELECT|0" --ssl
