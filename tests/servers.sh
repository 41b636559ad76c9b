#!/bin/sh
# The database servers the tests run against, on loopback.
#
#   tests/servers.sh start DIR   start them with their data under DIR and print
#                                the environment the tests read (eval it)
#   tests/servers.sh restart DIR start PostgreSQL again after a crash
#   tests/servers.sh stop DIR    stop them and remove DIR
#
# PostgreSQL: initdb and pg_ctl from the installed server, as the postgres user
# when run as root, on 127.0.0.1 at a free port with password (SCRAM) logins.
# MariaDB: mariadb-install-db and mariadbd with their own datadir, as the mysql
# user when run as root, on 127.0.0.1 at a free port.
# The tests connect as sg_test, owner of the database "staging", with a password
# in the URL, so every message is also a check that the password stays hidden.
set -e
cmd=$1 dir=$2
[ -n "$dir" ] || { echo "usage: tests/servers.sh start|stop DIR" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PASSWORD=Sg-test-s3cret

as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_pg() {
	mkdir -p "$dir/pg"
	[ "$(id -u)" -ne 0 ] || chown postgres "$dir/pg"
	as_postgres "$PGBIN/initdb" -D "$dir/pg/data" -U postgres --auth-local=trust \
		--auth-host=scram-sha-256 --no-sync > "$dir/pg/initdb.log" 2>&1 ||
		{ cat "$dir/pg/initdb.log" >&2; exit 1; }
	port=$(free_port)
	as_postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 start \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir/pg -c fsync=off -c full_page_writes=off" \
		> /dev/null || { cat "$dir/pg/server.log" >&2; exit 1; }
	as_postgres "$PGBIN/psql" -X -q -h "$dir/pg" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE ROLE sg_test LOGIN CREATEROLE PASSWORD '$PASSWORD'" \
		-c "CREATE DATABASE staging OWNER sg_test" > /dev/null
	echo "$port" > "$dir/pg/port"
	echo "-c listen_addresses=127.0.0.1 -p $port -k $dir/pg -c fsync=off -c full_page_writes=off" > "$dir/pg/options"
	echo "SG_TEST_PG_URL='postgresql://sg_test:$PASSWORD@127.0.0.1:$port/staging'"
	echo "SG_TEST_PG_ADMIN='host=$dir/pg port=$port user=postgres dbname=staging'"
	echo "SG_TEST_PG_PASSWORD='$PASSWORD'"
	echo "SG_TEST_SERVERS='$dir'"
	echo "export SG_TEST_PG_URL SG_TEST_PG_ADMIN SG_TEST_PG_PASSWORD SG_TEST_SERVERS"
}

as_mysql_owner() {
	[ "$(id -u)" -ne 0 ] || chown -R mysql "$1"
}

start_mariadb() {
	m="$dir/mariadb"
	mkdir -p "$m"
	as_mysql_owner "$m"
	mariadb-install-db --no-defaults --datadir="$m/data" ${ROOT_USER:+--user=mysql} \
		--auth-root-authentication-method=socket --skip-test-db > "$m/install.log" 2>&1 ||
		{ cat "$m/install.log" >&2; exit 1; }
	port=$(free_port)
	mariadbd --no-defaults --datadir="$m/data" --socket="$m/sock" --port="$port" \
		--bind-address=127.0.0.1 ${ROOT_USER:+--user=mysql} --pid-file="$m/pid" \
		--log-error="$m/error.log" --skip-log-bin --innodb-flush-log-at-trx-commit=0 \
		--innodb-buffer-pool-size=64M > /dev/null 2>&1 &
	for _ in $(seq 1 300); do
		mariadb-admin --no-defaults --socket="$m/sock" -uroot ping > /dev/null 2>&1 && break
		sleep 0.1
	done
	mariadb --no-defaults --socket="$m/sock" -uroot -e \
		"CREATE USER 'sg_test'@'127.0.0.1' IDENTIFIED BY '$PASSWORD'; CREATE DATABASE staging;
		 GRANT ALL ON staging.* TO 'sg_test'@'127.0.0.1'" 2>&1 ||
		{ tail -20 "$m/error.log" >&2; exit 1; }
	echo "$port" > "$m/port"
	echo "SG_TEST_MYSQL_URL='mysql://sg_test:$PASSWORD@127.0.0.1:$port/staging'"
	echo "SG_TEST_MYSQL_SOCKET='$m/sock'"
	echo "export SG_TEST_MYSQL_URL SG_TEST_MYSQL_SOCKET"
}

stop_mariadb() {
	[ -S "$dir/mariadb/sock" ] || return 0
	mariadb-admin --no-defaults --socket="$dir/mariadb/sock" -uroot shutdown > /dev/null 2>&1 ||
		kill "$(cat "$dir/mariadb/pid" 2>/dev/null)" 2>/dev/null || true
}

# After a crash (the fault tests kill it): start it again on the same port,
# once the old server processes are gone. A container without an init that
# reaps orphans may keep the killed postmaster as a zombie, which PostgreSQL
# would take for a live server holding the lock file.
restart_pg() {
	old=$(head -1 "$dir/pg/data/postmaster.pid" 2>/dev/null) || old=""
	for _ in $(seq 1 100); do
		[ -n "$old" ] && pgrep -P "$old" > /dev/null || break
		sleep 0.1
	done
	if [ -n "$old" ] && { [ ! -e "/proc/$old" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$old/stat" 2>/dev/null; }; then
		rm -f "$dir/pg/data/postmaster.pid" "$dir"/pg/.s.PGSQL.*.lock
	fi
	as_postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 start \
		-o "$(cat "$dir/pg/options")" > /dev/null || { tail -20 "$dir/pg/server.log" >&2; exit 1; }
}

stop_pg() {
	[ -d "$dir/pg/data" ] || return 0
	as_postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -m immediate -w stop > /dev/null 2>&1 || true
}

case $cmd in
start)
	[ -n "$PGBIN" ] || { echo "tests/servers.sh: no PostgreSQL server installed (make deps)" >&2; exit 1; }
	command -v mariadbd > /dev/null || { echo "tests/servers.sh: no MariaDB server installed (make deps)" >&2; exit 1; }
	[ "$(id -u)" -ne 0 ] || ROOT_USER=1
	mkdir -p "$dir"
	chmod 755 "$dir"
	start_pg
	start_mariadb
	;;
restart)
	restart_pg
	;;
stop)
	stop_pg
	stop_mariadb
	rm -rf "$dir"
	;;
*)
	echo "usage: tests/servers.sh start|stop DIR" >&2
	exit 2
	;;
esac
