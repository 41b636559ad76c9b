#ifndef SG_TEST_HELPERS_H
#define SG_TEST_HELPERS_H

/* What the cmocka tests share: cmocka's headers in the order it needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks/lint.h"
#include "checks/rule.h"
#include "core/report.h"
#include "core/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Lint `sql` as one file with default options (not in a transaction) on
 * `version` (0: PG 15) and return how many findings of `rule` it produced.
 */
static inline size_t lint_count(const char *sql, const char *rule, int version)
{
	sg_report r = SG_REPORT_INIT;
	sg_lint_options o = { .server_version = version ? version : 150000 };
	sg_lint_ctx *ctx;
	size_t i, n = 0;

	sg_lint_ctx_new(&ctx, &o, &r);
	sg_lint_text(ctx, "example.sql", sql, strlen(sql), false);
	for (i = 0; i < r.nr; i++)
		if (!strcmp(r.findings[i].rule, rule))
			n++;
	sg_lint_ctx_free(ctx);
	sg_report_release(&r);
	return n;
}

#endif
