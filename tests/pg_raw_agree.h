#ifndef SG_TEST_PG_RAW_AGREE_H
#define SG_TEST_PG_RAW_AGREE_H

/*
 * Parse `sql` both ways (checks/pg_raw.c and libpg_query's JSON) and say
 * whether they agree: the same tree, or the same error at the same place.
 * Shared by tests/unit/test_pg_raw.c and the fuzz target fuzz_pg_raw.
 */
#include "checks/pg_parse.h"
#include "checks/pg_raw.h"

#include <stdio.h>
#include <string.h>

enum pg_raw_agreement { PG_RAW_AGREE, PG_RAW_FELL_BACK, PG_RAW_DISAGREE };

/* On disagreement, `why` says where (the first differing path, or both errors). */
static inline enum pg_raw_agreement pg_raw_agree(const char *sql, char *why, size_t size)
{
	pg_parse_error je = { 0 }, re = { 0 };
	sg_node *json = NULL, *raw = NULL;
	int jrc = pg_parse_sql_json(sql, &json, &je);
	int rrc = pg_raw_parse(sql, &raw, &re);
	enum pg_raw_agreement verdict = PG_RAW_AGREE;

	if (rrc == PG_RAW_UNSUPPORTED) {
		verdict = PG_RAW_FELL_BACK;
	} else if (jrc != rrc ||
		   (jrc < 0 && (strcmp(je.message, re.message) || je.offset != re.offset))) {
		snprintf(why, size, "errors differ: %s / %s", jrc ? je.message : "-",
			 rrc ? re.message : "-");
		verdict = PG_RAW_DISAGREE;
	} else if (jrc == 0 && ast_diff(ast_field(json, "stmts"), ast_field(raw, "stmts"), why,
					size)) {
		/* the JSON's root also holds "version": the statements are compared */
		verdict = PG_RAW_DISAGREE;
	}
	ast_free(json);
	ast_free(raw);
	pg_parse_error_release(&je);
	pg_parse_error_release(&re);
	return verdict;
}

#endif
