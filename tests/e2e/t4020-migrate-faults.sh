#!/bin/sh
# schemagate migrate when things break: the network to the server goes
# silent, and the server itself is killed and started again.
. "$(dirname "$0")/lib.sh"

if [ -z "$SG_TEST_PG_URL" ] || [ -z "$SG_TEST_SERVERS" ]; then
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set"
	exit 0
fi
SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
DB=apply_t4020
URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
PORT=$(cat "$SG_TEST_SERVERS/pg/port")
M="$TMP/m"
mkdir -p "$M"
psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
	-c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1
gm() { printf '%s\n' "$2" > "$M/$1.up.sql"; printf '%s\n' "$3" > "$M/$1.down.sql"; }
history() { psql -X -q -t -A "$URL" -c "SELECT string_agg(version || ':' || status, ',' ORDER BY id) FROM schemagate_history" 2>&1; }

# ---- the network goes silent ----
# A TCP proxy that forwards until $TMP/freeze exists, then holds everything
# (what a dropped network looks like from both ends), and closes when killed.
cat > "$TMP/proxy.py" <<'PY'
import os, select, socket, sys
listen = socket.socket(); listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listen.bind(("127.0.0.1", 0)); listen.listen(8)
open(sys.argv[2], "w").write(str(listen.getsockname()[1]))
pairs = []
while True:
    frozen = os.path.exists(sys.argv[3])
    socks = [listen] + ([] if frozen else [s for p in pairs for s in p])
    r, _, _ = select.select(socks, [], [], 0.1)
    for s in r:
        if s is listen:
            c, _ = listen.accept(); u = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            pairs.append((c, u)); continue
        for a, b in pairs:
            if s in (a, b):
                other = b if s is a else a
                data = s.recv(65536)
                if data: other.sendall(data)
                else: a.close(); b.close(); pairs.remove((a, b))
                break
PY
python3 "$TMP/proxy.py" "$PORT" "$TMP/proxy.port" "$TMP/freeze" &
proxy=$!
for _ in $(seq 1 50); do [ -s "$TMP/proxy.port" ] && break; sleep 0.1; done
VIA=$(printf '%s' "$URL" | sed "s|:$PORT/|:$(cat "$TMP/proxy.port")/|")

gm 000001_quick "CREATE TABLE t (id int);" "DROP TABLE t;"
gm 000002_slow "SELECT pg_sleep(2);
CREATE TABLE u (id int);" "DROP TABLE u;"
( sleep 1; touch "$TMP/freeze" ) &
start=$(date +%s)
"$SGA" migrate up --db "$VIA" --dir "$M" --statement-timeout 3s > "$TMP/out" 2> "$TMP/err"
code=$?
took=$(( $(date +%s) - start ))
if [ "$code" -eq 2 ] && [ "$took" -le 20 ]; then ok "a silent network: exit 2 after the client-side timeout (${took}s)"; else
	not_ok "a silent network: exit 2 after the client-side timeout" "exit $code after ${took}s" "$(cat "$TMP/err")"
fi
expect_grep "the message says the server stopped answering" "did not answer within" "$TMP/err"
expect_no_grep "and shows no password" "Sg-test-s3cret" "$TMP/err"
kill "$proxy"
wait "$proxy" 2> /dev/null
"$SGA" migrate up --db "$URL" --dir "$M" --lock-wait 30s > "$TMP/out" 2> "$TMP/err"
code=$?
[ "$code" -eq 0 ] && ok "once the connection is gone the next run gets the lock and completes" ||
	not_ok "once the connection is gone the next run gets the lock and completes" "exit $code" "$(cat "$TMP/err")"
got=$(history)
[ "$got" = "000001:applied,000002:applied" ] && ok "each migration applied exactly once" ||
	not_ok "each migration applied exactly once" "$got"

# ---- the server is killed mid-migration ----
gm 000003_crash "CREATE TABLE v (id int);
SELECT pg_sleep(20);" "DROP TABLE v;"
"$SGA" migrate up --db "$URL" --dir "$M" > "$TMP/out" 2> "$TMP/err" &
pid=$!
sleep 2
postmaster=$(head -1 "$SG_TEST_SERVERS/pg/data/postmaster.pid")
kill -9 "$postmaster"
wait "$pid"
code=$?
[ "$code" -eq 2 ] && ok "the server killed mid-migration: exit 2" ||
	not_ok "the server killed mid-migration: exit 2" "exit $code" "$(cat "$TMP/err")"
pkill -9 -f "postgres: .*$DB" 2> /dev/null
sleep 1
if sh tests/servers.sh restart "$SG_TEST_SERVERS" 2> "$TMP/restart.err"; then ok "the server starts again"; else
	not_ok "the server starts again" "$(cat "$TMP/restart.err")"
fi
got=$(psql -X -q -t -A "$URL" -c "SELECT to_regclass('v') IS NULL" 2>&1)
[ "$got" = "t" ] && ok "crash recovery rolled the migration's transaction back" || not_ok "crash recovery rolled the migration's transaction back" "$got"
gm 000003_crash "CREATE TABLE v (id int);" "DROP TABLE v;"
"$SGA" migrate up --db "$URL" --dir "$M" --allow-modified > "$TMP/out" 2> "$TMP/err"
code=$?
[ "$code" -eq 0 ] && ok "after the restart the next run completes" ||
	not_ok "after the restart the next run completes" "exit $code" "$(cat "$TMP/err")"
got=$(history)
[ "$got" = "000001:applied,000002:applied,000003:applied" ] && ok "and the history is consistent" ||
	not_ok "and the history is consistent" "$got"
