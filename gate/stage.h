#ifndef SG_STAGE_H
#define SG_STAGE_H

#include "core/report.h"
#include "gate/config.h"

/*
 * The stages of a gate. Each adds its findings to one report and returns
 * 0, or <0 with a message when it could not run (exit 2). `diff` and
 * `gate` are two front ends over the same stages; dry-run, policy and
 * apply join here as they arrive.
 */
typedef struct sg_diff_request {
	const char *base;   /* NULL: `base` in the config, the upstream, origin/HEAD */
	const char *head;   /* NULL: the working tree with staged and unstaged changes */
	const char *dir;    /* NULL: migrations.dir in the config, else a usual place */
	const char *format; /* NULL: migrations.format in the config, else detected */
} sg_diff_request;

/*
 * If argv[*i] is --base, --head, --dir or --migration-format, read it
 * (and its value) into `rq` and return 1; 0 for anything else, and
 * SG_EXIT_USAGE after printing the error for a missing value.
 */
int sg_diff_request_option(sg_diff_request *rq, int argc, char **argv, int *i);

/*
 * Compare the migration directory at the merge base with the head, report
 * history findings and lint the added migrations. *summary (owned; may be
 * NULL) says what was compared and what changed.
 */
int sg_stage_diff(const sg_diff_request *rq, const sg_config *cfg, sg_report *r, char **summary);

#endif
