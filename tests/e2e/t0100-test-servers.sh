#!/bin/sh
# The servers tests/run.sh starts for the tests answer on loopback with
# password logins, and refuse a wrong password.
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

# mysql://USER:PASSWORD@HOST:PORT/DB, for the mariadb client
mysql_args() {
	printf '%s' "$1" | sed -n 's|^mysql://\([^:]*\):\([^@]*\)@\([^:]*\):\([0-9]*\)/\(.*\)$|-u\1 -p\2 -h\3 -P\4 \5|p'
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
