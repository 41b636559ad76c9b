/*
 * libFuzzer target: reading PostgreSQL's parse tree directly
 * (checks/pg_raw.c) must give exactly the tree libpg_query's JSON gives,
 * or the same error, on any input.
 */
#include "checks/pg_parse.h"
#include "checks/pg_raw.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pg_parse_error je = { 0 }, re = { 0 };
	sg_node *json = NULL, *raw = NULL;
	char *sql = malloc(size + 1), path[512];
	int jrc, rrc;

	memcpy(sql, data, size);
	sql[size] = '\0';
	jrc = pg_parse_sql_json(sql, &json, &je);
	rrc = pg_raw_parse(sql, &raw, &re);
	if (rrc != PG_RAW_UNSUPPORTED) {
		if (jrc != rrc || (jrc < 0 && (strcmp(je.message, re.message) || je.offset != re.offset))) {
			fprintf(stderr, "the readings disagree: %d %s / %d %s\n", jrc,
				jrc ? je.message : "-", rrc, rrc ? re.message : "-");
			abort();
		}
		if (jrc == 0 && ast_diff(ast_field(json, "stmts"), ast_field(raw, "stmts"), path,
					 sizeof(path))) {
			fprintf(stderr, "the trees differ at %s\n", path);
			abort();
		}
	}
	ast_free(json);
	ast_free(raw);
	pg_parse_error_release(&je);
	pg_parse_error_release(&re);
	free(sql);
	return 0;
}
