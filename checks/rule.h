#ifndef SG_RULE_H
#define SG_RULE_H

#include "checks/lint.h"
#include "core/finding.h"

#include <stdarg.h>

/*
 * A rule: everything about it lives in one file, checks/rules_pg/<id>.c
 * (with '-' written as '_'), which defines `const sg_rule rule_<id>`. The
 * build registers every file in that folder, so the file name is the rule
 * id by construction. The examples are documentation and tests at once:
 * `bad` must trigger the rule and `good` must not (tests/unit/test_rules.c).
 *
 * Adding a rule: write checks/rules_pg/<id>.c and tests/rules_pg/<id>.test.
 *
 * Rules about a migration history rather than its SQL (a merged migration
 * edited, deleted, renamed; versions out of order) live in
 * checks/rules_history/: source SG_SRC_DIFF, no check function, and their
 * examples describe changes to a repository instead of SQL.
 */
enum sg_rule_flags {
	/* Not applied to down migrations, which are expected to drop what the up created. */
	SG_RULE_UP_ONLY = 1 << 0,
	/* Reported by the driver itself (syntax errors, ignores), never by a check. */
	SG_RULE_DRIVER = 1 << 1,
};

typedef struct sg_rule {
	const char *id;            /* kebab-case, equal to the file name */
	enum sg_severity severity; /* default; config may re-grade */
	enum sg_source source;     /* SG_SRC_LINT (0) for SQL rules, SG_SRC_DIFF for history */
	unsigned flags;            /* sg_rule_flags */
	const char *summary;       /* one line, lower case, no full stop */
	const char *why;           /* lock level, rewrite or scan, traffic blocked */
	const char *help;          /* the safe alternative, printed with each finding */
	const char *bad;           /* SQL that triggers the rule */
	const char *good;          /* the safe way to do the same, which does not */
	int example_version;       /* server version the examples assume; 0 = the default */
	unsigned engine;           /* sg_rule_engine: what the engine shows when the finding is right */
	void (*check)(sg_lint_ctx *ctx, const sg_stmt *st);
	/* Optional: called once after the last statement of each file. */
	void (*check_end)(sg_lint_ctx *ctx);
} sg_rule;

/*
 * What a finding says the engine will show, so that a dry-run can confirm
 * it (the finding keeps the evidence and the dry-run's own finding is
 * folded into it) or, for the predictions, refute it (the finding is
 * withdrawn when the statement ran and showed none of them).
 */
enum sg_rule_engine {
	SG_ENGINE_REWRITE = 1 << 0,    /* table-rewrite: an existing table or index rewritten */
	SG_ENGINE_BLOCKING = 1 << 1,   /* blocking-lock: scan, build or validation under a blocking lock */
	SG_ENGINE_BREAKING = 1 << 2,   /* breaking-change: a drop, rename or type change in the catalog */
	SG_ENGINE_NO_TIMEOUT = 1 << 3, /* lock-without-timeout */
};
#define SG_ENGINE_PREDICTION (SG_ENGINE_REWRITE | SG_ENGINE_BLOCKING)

/* All rules, sorted by id. */
const sg_rule *const *sg_rules_all(size_t *nr);
const sg_rule *sg_rule_find(const char *id);

/*
 * Add a finding of rule `id` with its default severity, source and help,
 * for checks that are not lint rules (history, integrity). The end is the
 * start; callers may widen it.
 */
sg_finding *sg_rule_report(sg_report *r, const char *id, const char *file, int line, int column,
			   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same for callers that take a format of their own. */
sg_finding *sg_rule_vreport(sg_report *r, const char *id, const char *file, int line, int column,
			    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
/*
 * Apply the config to findings [from, nr) of `r` that did not come from
 * the linter (which applies it itself): drop disabled rules, re-grade.
 */
void sg_rules_apply_options(sg_report *r, size_t from, const bool *disabled, const int *severity);

#endif
