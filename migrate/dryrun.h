#ifndef SG_DRYRUN_H
#define SG_DRYRUN_H

#include "checks/lint.h"
#include "core/report.h"

#include <stdbool.h>

/*
 * Run migrations on a real PostgreSQL and watch what the engine does,
 * statement by statement: the relation locks this session holds, tables and
 * indexes rewritten, scanned, indexed or validated, columns and tables
 * dropped, renamed or retyped, and whether a second session could still
 * read and write each touched table. What it sees becomes observations and
 * dry-run findings in the report.
 *
 * On a staging database nothing persists: the run is one transaction that
 * is always rolled back, transaction control written in a migration is
 * mapped onto savepoints, statements that cannot run in a transaction block
 * are not run, and sequences moved by the run are put back. On a throwaway
 * database everything runs for real, as the migration's runner would.
 */
typedef struct sg_dryrun sg_dryrun;

typedef struct sg_dryrun_options {
	const char *conninfo; /* libpq URL or key=value string */
	bool staging;         /* nothing may persist */
	int lock_timeout_ms;      /* staging: each migration's lock_timeout; 0 = none */
	int statement_timeout_ms; /* each statement's; 0 = none */
	double budget_seconds;    /* the whole run; 0 = none */
} sg_dryrun_options;

/* Connect (the session and the probe). 0, or <0 with the message set. */
int sg_dryrun_open(sg_dryrun **out, const sg_dryrun_options *o, sg_report *r);
/*
 * Apply setup SQL before the first migration: committed on a throwaway
 * database, inside the run's transaction on staging. A failure is <0 with
 * "FILE:LINE:COL: message" set.
 */
int sg_dryrun_setup(sg_dryrun *d, const char *path, const char *data, size_t len);
/* A migration's down part, for the round trip on a throwaway database. */
typedef struct sg_dryrun_down {
	const char *path;        /* for findings */
	const sg_lint_input *in; /* the down file, or the dbmate file itself */
	bool section;            /* dbmate: only the statements after "-- migrate:down" */
} sg_dryrun_down;

/*
 * Run one migration (a prepared input, see lint.h) and add what was seen
 * to the report. `runner_wraps`: the runner puts the file in a
 * transaction. With `down` on a throwaway database, the down part then
 * runs and must restore the schema exactly (`down-not-inverse`), and the
 * migration is applied again. Returns 0 (a failed statement is a
 * finding), or <0 when the run cannot go on (the connection was lost).
 */
int sg_dryrun_migration(sg_dryrun *d, const char *path, const sg_lint_input *in,
			bool runner_wraps, const sg_dryrun_down *down);
/*
 * End the run: roll everything back on staging and put back the sequences
 * it moved. Frees `d`; returns <0 with the message set when the database
 * could not be put back.
 */
int sg_dryrun_close(sg_dryrun *d);

/*
 * One verdict from lint and dry-run findings in `r`: a lint prediction the
 * observation refutes is removed, one it confirms keeps the evidence and
 * absorbs the dry-run finding that says the same. `withdrawn` (may be NULL)
 * receives one owned line per removed finding, for verbose output.
 */
void sg_dryrun_merge(sg_report *r, char ***withdrawn, size_t *nr_withdrawn);

#endif
