#ifndef SG_APPLY_H
#define SG_APPLY_H

#include "core/report.h"
#include "migrate/migration.h"
#include "migrate/tree.h"

#include <stdbool.h>
#include <stdio.h>

/*
 * Applying migrations to PostgreSQL with a history and a lock.
 *
 * History: the table schemagate_history (created on first use) keeps one
 * row per event: a migration applied, failed, rolled back, or running (a
 * non-transactional migration between its statements). The newest row of
 * a version is its state. Every run of `up` is one release, with its id.
 *
 * Lock: a session-level advisory lock serialises runs. It dies with the
 * session, so a killed run never leaves a stale lock behind.
 */
typedef struct sg_apply_options {
	const char *conninfo;
	const char *schema;       /* of the history table; NULL: public */
	int lock_wait_ms;         /* for the advisory lock; default 60 s */
	int lock_timeout_ms;      /* per migration; 0 = none */
	int statement_timeout_ms; /* per statement; 0 = none */
	int lock_retries;         /* a migration that hit lock_timeout is retried this often */
	bool allow_modified;      /* record the new checksum of an edited applied migration */
	bool rollback_on_failure; /* undo the whole release when a migration or the verification fails */
	const char *to;           /* apply up to this version; NULL: all */
	const char *verify_sql;   /* file that must run without error after the release */
	const char *verify_cmd;   /* command that must exit 0 after the release */
	bool quiet;               /* no progress lines */
} sg_apply_options;

/* How a run ended, as the process exit codes of DESIGN.md. */
enum sg_apply_outcome {
	SG_APPLY_DONE = 0,            /* everything applied (or nothing to do) */
	SG_APPLY_FAILED = 1,          /* a migration failed; earlier ones stay applied */
	SG_APPLY_ROLLED_BACK = 3,     /* the release failed and was undone */
	SG_APPLY_ROLLBACK_FAILED = 4, /* the release failed and undoing it failed too */
};

/*
 * Apply the pending migrations of `set` (read from `t`). Findings about
 * what happened go to `r`; *outcome says how it ended. Returns <0 with the
 * message set when it could not run (database unreachable, lock not
 * obtained, an interrupted migration to resolve first).
 */
int sg_apply_up(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, sg_report *r,
		enum sg_apply_outcome *outcome);
/* Undo the migrations of release `release` (NULL: the newest), newest first. */
int sg_apply_rollback(const sg_apply_options *o, sg_migration_set *set, sg_tree *t,
		      const char *release, sg_report *r, enum sg_apply_outcome *outcome);
/* Undo the newest `steps` applied migrations, or (with `to`) every one above version `to`. */
int sg_apply_down(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, int steps,
		  const char *to, sg_report *r, enum sg_apply_outcome *outcome);
/*
 * The state of every migration (applied, pending, failed, rolled_back,
 * running, modified) as a table on `table` (may be NULL); an edited or
 * interrupted one is also a finding in `r`.
 */
int sg_apply_status(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, sg_report *r,
		    FILE *table);

#endif
