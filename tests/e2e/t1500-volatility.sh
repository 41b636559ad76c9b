#!/bin/sh
# The volatility table comes from PostgreSQL itself: regenerating it from a
# real server gives the committed table, and known functions read right.
. tests/e2e/lib.sh

if bash checks/gen_pg_volatility.sh "$TMP/vol.c" 2> "$TMP/gen.err"; then
	ok "a throwaway PostgreSQL server answers the volatility query"
else
	not_ok "a throwaway PostgreSQL server answers the volatility query" "$(tail -5 "$TMP/gen.err")"
fi
grep -v '^/\*' checks/pg_volatility.c > "$TMP/committed"
grep -v '^/\*' "$TMP/vol.c" > "$TMP/regenerated"
expect_file "the committed table is what the server says" "$TMP/committed" "$TMP/regenerated"
expect_grep "now() is stable" '{ "now", .s. }' checks/pg_volatility.c
expect_grep "clock_timestamp() is volatile" '{ "clock_timestamp", .v. }' checks/pg_volatility.c
expect_grep "gen_random_uuid() is volatile" '{ "gen_random_uuid", .v. }' checks/pg_volatility.c
expect_grep "nextval() is volatile" '{ "nextval", .v. }' checks/pg_volatility.c
