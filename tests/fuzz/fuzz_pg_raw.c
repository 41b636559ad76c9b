/*
 * libFuzzer target: reading PostgreSQL's parse tree directly
 * (checks/pg_raw.c) must give exactly the tree libpg_query's JSON gives,
 * or the same error, on any input.
 */
#include "tests/pg_raw_agree.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = malloc(size + 1), why[512];

	memcpy(sql, data, size);
	sql[size] = '\0';
	if (pg_raw_agree(sql, why, sizeof(why)) == PG_RAW_DISAGREE) {
		fprintf(stderr, "the readings disagree: %s\n", why);
		abort();
	}
	free(sql);
	return 0;
}
