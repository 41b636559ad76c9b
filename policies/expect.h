#ifndef SG_EXPECT_H
#define SG_EXPECT_H

#include "policies/builtin.h"
#include "policies/pack.h"
#include "migrate/dbconn.h"

/*
 * Judge the rows a check's query returned against its `expect`
 * (policies/README.md). `database` (may be NULL) prefixes the evidence
 * of a check run in each database. `out` is filled; a value expectation
 * on no row is unverifiable, never a pass.
 */
void sg_expect_judge(const sg_policy_packs *p, const sg_check *c, const sg_table *t, const char *database,
		     sg_check_result *out);

/* Whether `value`, a list of tokens, holds `token` (see `covers`). */
bool sg_tokens_cover(const char *value, const char *token);

#endif
