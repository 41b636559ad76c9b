#ifndef SG_OBSERVATION_H
#define SG_OBSERVATION_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What the engine did with one statement during a dry-run: the evidence
 * behind dry-run findings and the per-statement table of the text report.
 * Every string is owned by the observation.
 */
enum sg_obs_status { SG_OBS_RAN, SG_OBS_FAILED, SG_OBS_NOT_RUN };

/* A relation lock held after the statement, and what a second session could still do. */
typedef struct sg_obs_lock {
	char *relation; /* owned: "public.users" */
	char *mode;     /* owned: "ACCESS EXCLUSIVE" */
	signed char reads_blocked, writes_blocked; /* the probe: 1 blocked, 0 not, -1 not probed */
} sg_obs_lock;

typedef struct sg_observation {
	char *file; /* owned */
	int line, column, end_line, end_column;
	char *statement; /* owned: the statement on one line, shortened */
	enum sg_obs_status status;
	double duration_ms;
	sg_obs_lock *locks; /* owned */
	size_t nr_locks, alloc_locks;
	char **rewritten; /* owned: relations whose storage was replaced */
	size_t nr_rewritten, alloc_rewritten;
	char **events; /* owned: scans, index builds, validations, drops, renames, type changes */
	size_t nr_events, alloc_events;
	char *note; /* owned or NULL: the server's error, or why the statement was not run */
	/*
	 * A data statement (UPDATE, INSERT ... SELECT): how long its locks are
	 * held depends on production's rows and plans, which a dry-run does not
	 * have, so its lack of scans proves nothing.
	 */
	bool work_unmeasured;
} sg_observation;

sg_obs_lock *sg_observation_add_lock(sg_observation *o, const char *relation, const char *mode);
void sg_observation_add_rewritten(sg_observation *o, const char *relation);
void sg_observation_add_event(sg_observation *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Relations a second session could not read from, or write to, while the locks were held. */
bool sg_observation_blocks(const sg_observation *o, bool writes);
/*
 * One line for formats that show findings only: "ACCESS EXCLUSIVE on
 * public.users (reads and writes blocked); rewrote public.users; 12.3 ms".
 * Owned by the caller.
 */
char *sg_observation_summary(const sg_observation *o);
void sg_observation_release(sg_observation *o);

#endif
