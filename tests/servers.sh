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
#
# Then, for the compliance-policy tests and in parallel, four more servers
# whose configuration and setup SQL are in tests/policy/ (README.md there):
# a weak and a hardened PostgreSQL 15 (DIR/pgweak, DIR/pghard) and a weak and
# a hardened MariaDB (DIR/myweak, DIR/myhard), each on 127.0.0.1 at a free port.
set -e
cmd=$1 dir=$2
[ -n "$dir" ] || { echo "usage: tests/servers.sh start|stop DIR" >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PASSWORD=Sg-test-s3cret
POLICY=$(cd "$(dirname "$0")" && pwd)/policy
PG15BIN=/usr/lib/postgresql/15/bin
PGHARD_PASSWORD=Hard-pg-s3cret
PGWEAK_PASSWORD=Weak-pg-s3cret
MYHARD_PASSWORD=Hard-my-s3cret
MYWEAK_PASSWORD=Weak-my-s3cret

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

# The MariaDB admin over the socket (unix_socket): root, or when not run as root
# the account mariadb-install-db makes for the user running it
my_admin() {
	if [ "$(id -u)" -eq 0 ]; then echo root; else id -un; fi
}

# The second unix_socket admin account mariadb-install-db makes: for the
# system user the server runs as
socket_admin() {
	if [ "$(id -u)" -eq 0 ]; then echo mysql; else id -un; fi
}

as_mysql_owner() {
	[ "$(id -u)" -ne 0 ] || chown -R mysql "$1"
}

start_mariadb() {
	m="$dir/mariadb"
	mkdir -p "$m"
	as_mysql_owner "$m"
	mariadb-install-db --no-defaults --datadir="$m/data" ${ROOT_USER:+--user=mysql} \
		--auth-root-authentication-method=socket --auth-root-socket-user="$(socket_admin)" \
		--skip-test-db > "$m/install.log" 2>&1 ||
		{ cat "$m/install.log" >&2; exit 1; }
	port=$(free_port)
	mariadbd --no-defaults --datadir="$m/data" --socket="$m/sock" --port="$port" \
		--bind-address=127.0.0.1 ${ROOT_USER:+--user=mysql} --pid-file="$m/pid" \
		--log-error="$m/error.log" --skip-log-bin --innodb-flush-log-at-trx-commit=0 \
		--innodb-buffer-pool-size=64M > /dev/null 2>&1 &
	for _ in $(seq 1 300); do
		mariadb-admin --no-defaults --socket="$m/sock" -u"$(my_admin)" ping > /dev/null 2>&1 && break
		sleep 0.1
	done
	mariadb --no-defaults --socket="$m/sock" -u"$(my_admin)" -e \
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
	mariadb-admin --no-defaults --socket="$dir/mariadb/sock" -u"$(my_admin)" shutdown > /dev/null 2>&1 ||
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

# free_ports N: N distinct free ports (all bound at once, so no two are equal)
free_ports() {
	python3 -c 'import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

# fill TEMPLATE DIR PORT PASSWORD: a tests/policy file with its @...@ filled in
fill() {
	sed -e "s|@DIR@|$2|g" -e "s|@PORT@|$3|g" -e "s|@PASSWORD@|$4|g" \
		-e "s|@SOCKET_ADMIN@|$(socket_admin)|g" "$POLICY/$1"
}

# own USER PATH...: give the files to the server's user when run as root
own() {
	u=$1
	shift
	[ -z "$ROOT_USER" ] || chown -R "$u" "$@"
}

# self_signed DIR USER: DIR/server.crt for 127.0.0.1, its key DIR/server.key (0600)
self_signed() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$1/server.key" -out "$1/server.crt" > "$1/openssl.log" 2>&1 ||
		{ cat "$1/openssl.log" >&2; exit 1; }
	chmod 600 "$1/server.key"
	own "$2" "$1/server.key" "$1/server.crt"
}

# pg_cluster weak|hard PORT INITDB-OPTION...: initdb and start DIR/pgweak or
# DIR/pghard with tests/policy/pg-weak.conf (appended to postgresql.conf) and
# pg-weak.hba (as pg_hba.conf), or the pg-hard ones
pg_cluster() {
	d="$dir/pg$1" t="pg-$1" port=$2
	shift 2
	as_postgres "$PG15BIN/initdb" -D "$d/data" -U postgres --no-sync "$@" > "$d/initdb.log" 2>&1 ||
		{ cat "$d/initdb.log" >&2; exit 1; }
	fill "$t.conf" "$d" "$port" >> "$d/data/postgresql.conf"
	fill "$t.hba" "$d" "$port" > "$d/data/pg_hba.conf"
	as_postgres "$PG15BIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 start > /dev/null ||
		{ tail -20 "$d/server.log" >&2; exit 1; }
	echo "$port" > "$d/port"
}

start_pgweak() {
	d="$dir/pgweak" port=$1
	mkdir -p "$d"
	own postgres "$d"
	pg_cluster weak "$port" -A trust
	fill pg-weak.sql "$d" "$port" "$PGWEAK_PASSWORD" |
		as_postgres "$PG15BIN/psql" -X -q -h "$d" -p "$port" -U postgres -d postgres \
			-v ON_ERROR_STOP=1 -f - > "$d/setup.log" 2>&1 || { cat "$d/setup.log" >&2; exit 1; }
	echo "SG_TEST_PGWEAK_URL='postgresql://postgres@127.0.0.1:$port/postgres'"
	echo "SG_TEST_PGWEAK_ADMIN='host=$d port=$port user=postgres dbname=postgres'"
	echo "export SG_TEST_PGWEAK_URL SG_TEST_PGWEAK_ADMIN"
}

start_pghard() {
	d="$dir/pghard" port=$1
	mkdir -p "$d/archive"
	printf '%s\n' "$PGHARD_PASSWORD" > "$d/pwfile"
	self_signed "$d" postgres
	own postgres "$d"
	pg_cluster hard "$port" -k -A scram-sha-256 --pwfile="$d/pwfile"
	rm -f "$d/pwfile"
	psql_hard() {
		as_postgres env PGPASSWORD="$PGHARD_PASSWORD" "$PG15BIN/psql" -X -q -t -A -h "$d" -p "$port" \
			-U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
	}
	fill pg-hard.sql "$d" "$port" "$PGHARD_PASSWORD" | psql_hard -f - > "$d/setup.log" 2>&1 ||
		{ cat "$d/setup.log" >&2; exit 1; }
	# One WAL segment really archived (the setup wrote WAL, so the switch is not a no-op).
	psql_hard -c 'SELECT pg_switch_wal()' > /dev/null
	for _ in $(seq 1 100); do
		[ "$(psql_hard -c 'SELECT archived_count FROM pg_stat_archiver')" -ge 1 ] && break
		sleep 0.1
	done
	[ "$(psql_hard -c 'SELECT archived_count FROM pg_stat_archiver')" -ge 1 ] ||
		{ echo "hardened PostgreSQL: no WAL segment archived in 10 s" >&2; grep -i archiv "$d/server.log" | tail -10 >&2; exit 1; }
	url="127.0.0.1:$port/postgres?sslmode=require"
	echo "SG_TEST_PGHARD_URL='postgresql://postgres:$PGHARD_PASSWORD@$url'"
	echo "SG_TEST_PGHARD_PASSWORD='$PGHARD_PASSWORD'"
	echo "SG_TEST_PGHARD_GATE_URL='postgresql://sg_gate:$PGHARD_PASSWORD@$url'"
	echo "SG_TEST_PGHARD_MONITOR_URL='postgresql://sg_monitor_gate:$PGHARD_PASSWORD@$url'"
	echo "SG_TEST_PGHARD_ADMIN='host=$d port=$port user=postgres dbname=postgres password=$PGHARD_PASSWORD'"
	echo "SG_TEST_PGHARD_CA='$d/server.crt'"
	echo "export SG_TEST_PGHARD_URL SG_TEST_PGHARD_PASSWORD SG_TEST_PGHARD_GATE_URL"
	echo "export SG_TEST_PGHARD_MONITOR_URL SG_TEST_PGHARD_ADMIN SG_TEST_PGHARD_CA"
}

# my_server NAME PORT INSTALL-OPTION...: mariadb-install-db and mariadbd for
# DIR/NAME with tests/policy/mariadb-NAME.cnf, set up with mariadb-NAME.sql
# over the socket as root (or, not run as root, as the unix_socket admin
# mariadb-install-db makes for the user running it).
my_server() {
	m="$dir/my$1" port=$2 pw=$3
	shift 3
	fill "mariadb-${m##*/my}.cnf" "$m" "$port" > "$m/my.cnf"
	mkdir -p "$m/tmp" # its own: two servers bootstrapping at once share nothing
	own mysql "$m"
	admin=$(my_admin)
	# The bootstrap has been seen to lose a temporary table of its own on a
	# loaded machine ("Unknown table 'mysql.tmp_user_sys'"): once more from scratch.
	for attempt in 1 2; do
		mariadb-install-db --defaults-file="$m/my.cnf" ${ROOT_USER:+--user=mysql} \
			--auth-root-authentication-method=socket --auth-root-socket-user="$(socket_admin)" \
			"$@" > "$m/install.log" 2>&1 && break
		[ "$attempt" -eq 1 ] || { cat "$m/install.log" >&2; tail -20 "$m/error.log" >&2; exit 1; }
		rm -rf "$m/data" "$m/tmp"/*
	done
	rm -f "$m/audit.log" # the bootstrap's own DDL
	mariadbd --defaults-file="$m/my.cnf" ${ROOT_USER:+--user=mysql} > /dev/null 2>&1 &
	pid=$!
	echo "$pid" > "$m/mariadbd.pid"
	for _ in $(seq 1 300); do
		mariadb-admin --no-defaults --socket="$m/sock" -u"$admin" ping > /dev/null 2>&1 && break
		kill -0 "$pid" 2> /dev/null || break # it gave up: error.log says why
		sleep 0.1
	done
	fill "mariadb-${m##*/my}.sql" "$m" "$port" "$pw" |
		mariadb --no-defaults --socket="$m/sock" -u"$admin" > "$m/setup.log" 2>&1 ||
		{ cat "$m/setup.log" >&2; tail -20 "$m/error.log" >&2; exit 1; }
	echo "$port" > "$m/port"
}

start_myweak() {
	mkdir -p "$dir/myweak"
	my_server weak "$1" "$MYWEAK_PASSWORD"
	echo "SG_TEST_MYWEAK_URL='mysql://sg_admin:$MYWEAK_PASSWORD@127.0.0.1:$1/mysql'"
	echo "SG_TEST_MYWEAK_SOCKET='$dir/myweak/sock'"
	echo "export SG_TEST_MYWEAK_URL SG_TEST_MYWEAK_SOCKET"
}

start_myhard() {
	m="$dir/myhard"
	mkdir -p "$m"
	self_signed "$m" mysql
	printf '1;%s\n' "$(openssl rand -hex 32)" > "$m/keys.txt"
	chmod 600 "$m/keys.txt"
	my_server hard "$1" "$MYHARD_PASSWORD" --skip-test-db
	echo "SG_TEST_MYHARD_URL='mysql://sg_admin:$MYHARD_PASSWORD@127.0.0.1:$1/mysql?ssl-mode=required'"
	echo "SG_TEST_MYHARD_SOCKET='$m/sock'"
	echo "SG_TEST_MYHARD_CA='$m/server.crt'"
	echo "export SG_TEST_MYHARD_URL SG_TEST_MYHARD_SOCKET SG_TEST_MYHARD_CA"
}

# The four policy servers in parallel, each printing its environment to
# DIR/NAME.env; all are waited for, so a failure leaves nothing starting.
start_policy_servers() {
	# shellcheck disable=SC2046
	set -- $(free_ports 4)
	pids=""
	for name in pgweak pghard myweak myhard; do
		"start_$name" "$1" > "$dir/$name.env" 2> "$dir/$name.err" &
		pids="$pids $!"
		shift
	done
	failed=""
	set -- pgweak pghard myweak myhard
	for pid in $pids; do
		wait "$pid" || failed="$failed $1"
		shift
	done
	for name in pgweak pghard myweak myhard; do
		cat "$dir/$name.env"
	done
	for name in $failed; do
		echo "tests/servers.sh: starting $name failed:" >&2
		cat "$dir/$name.err" >&2
	done
	[ -z "$failed" ]
}

# stop_mariadbd DIR...: end the mariadbd started in each DIR (SIGTERM: a clean
# shutdown, also when no account can log in over the socket) and wait for them
stop_mariadbd() {
	pids=""
	for m in "$@"; do
		pid=$(cat "$m/mariadbd.pid" 2>/dev/null) || continue
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = mariadbd ] && kill "$pid" 2>/dev/null && pids="$pids $pid"
	done
	for pid in $pids; do
		for _ in $(seq 1 300); do
			# gone, or a zombie nobody reaps (see restart_pg)
			[ -e "/proc/$pid" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null || break
			sleep 0.1
		done
		[ ! -e "/proc/$pid" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
	done
}

stop_policy_servers() {
	for name in pgweak pghard; do
		[ -d "$dir/$name/data" ] || continue
		as_postgres "$PG15BIN/pg_ctl" -D "$dir/$name/data" -m immediate -w stop > /dev/null 2>&1 || true
	done
	stop_mariadbd "$dir/myweak" "$dir/myhard"
}

case $cmd in
start)
	[ -n "$PGBIN" ] || { echo "tests/servers.sh: no PostgreSQL server installed (make deps)" >&2; exit 1; }
	command -v mariadbd > /dev/null || { echo "tests/servers.sh: no MariaDB server installed (make deps)" >&2; exit 1; }
	[ -x "$PG15BIN/postgres" ] || { echo "tests/servers.sh: no PostgreSQL 15 server installed (make deps)" >&2; exit 1; }
	[ -f "$PG15BIN/../lib/pgaudit.so" ] || { echo "tests/servers.sh: no pgaudit for PostgreSQL 15 (make deps)" >&2; exit 1; }
	command -v openssl > /dev/null || { echo "tests/servers.sh: no openssl command (make deps)" >&2; exit 1; }
	[ "$(id -u)" -ne 0 ] || ROOT_USER=1
	mkdir -p "$dir"
	chmod 755 "$dir"
	start_pg
	start_mariadb
	start_policy_servers
	;;
restart)
	restart_pg
	;;
stop)
	stop_pg
	stop_mariadb
	stop_policy_servers
	rm -rf "$dir"
	;;
*)
	echo "usage: tests/servers.sh start|stop DIR" >&2
	exit 2
	;;
esac
