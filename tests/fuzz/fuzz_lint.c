/*
 * libFuzzer target over the whole lint path: bytes checks, the comment and
 * meta-command scanner, libpg_query, the tree walk, DO blocks, every rule.
 * The first byte picks the options, so version- and transaction-dependent
 * paths are fuzzed too.
 */
#include "checks/lint.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int versions[] = { 100000, 110000, 120000, 140002, 150000, 170000 };
	sg_report r = SG_REPORT_INIT;
	sg_lint_options o = { 0 };
	sg_lint_ctx *ctx;
	uint8_t opt = size ? data[0] : 0;

	o.server_version = versions[opt % 6];
	o.assume_in_transaction = opt & 0x10;
	sg_lint_ctx_new(&ctx, &o, &r);
	sg_lint_text(ctx, "fuzz.sql", (const char *)data, size, opt & 0x20);
	/* A second file in the same run exercises the run-wide state. */
	sg_lint_text(ctx, "fuzz2.sql", (const char *)data, size, false);
	sg_lint_ctx_free(ctx);
	sg_report_release(&r);
	return 0;
}
