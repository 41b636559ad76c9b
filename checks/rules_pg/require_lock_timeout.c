/*
 * require-lock-timeout: a statement that asks for a lock blocking writes
 * (SHARE or stronger) on an existing relation while no lock_timeout is in
 * effect (#1).
 *
 * Even a metadata-only change has to wait for every transaction already
 * using the table. While it waits in the lock queue, every later request
 * that conflicts with the mode it asked for queues behind it: with ACCESS
 * EXCLUSIVE that is every query on the table, with SHARE or SHARE ROW
 * EXCLUSIVE every write. One long-running report turns a millisecond ALTER
 * into an outage. lock_timeout makes the statement give up instead, so the
 * migration can be retried later.
 */
#include "checks/pg_locks.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

static bool lock_is_new(const sg_lint_ctx *ctx, const pg_lock *l)
{
	return l->is_index ? lint_index_is_new(ctx, l->schema, l->name)
			   : lint_name_is_new(ctx, l->schema, l->name);
}

/*
 * The current transaction already holds this lock or a stronger one (an
 * earlier statement took it), so the statement does not queue.
 */
static bool lock_already_held(const sg_lint_ctx *ctx, const pg_lock *l)
{
	char key[512];

	lint_relation_key(key, sizeof(key), l->schema, l->name);
	return lint_lock_held_on(ctx, key) >= (int)l->mode;
}

/* The strongest write-blocking lock the statement waits for, or NULL. */
static const pg_lock *blocking_lock(const sg_lint_ctx *ctx, const pg_lock *locks, size_t n)
{
	const pg_lock *worst = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const pg_lock *l = &locks[i];
		if (!pg_lock_blocks_writes(l->mode) || lock_is_new(ctx, l) ||
		    lock_already_held(ctx, l))
			continue;
		if (!worst || l->mode > worst->mode)
			worst = l;
	}
	return worst;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_lock locks[PG_MAX_LOCKS];
	size_t n;
	const pg_lock *l;
	char name[256];

	if (lint_lock_timeout_set(ctx))
		return;
	n = pg_stmt_locks(st->node, lint_server_version(ctx), locks, PG_MAX_LOCKS);
	l = blocking_lock(ctx, locks, n);
	if (!l)
		return;
	snprintf(name, sizeof(name), "%s%s%s", l->schema ? l->schema : "", l->schema ? "." : "",
		 l->name);
	lint_report(ctx, st, NULL,
		    "waits for %s on '%s' with no lock_timeout: while it queues behind a running "
		    "transaction, every %s on '%s' queues behind it",
		    pg_lockmode_name(l->mode), name,
		    pg_lock_blocks_reads(l->mode) ? "query" : "write", name);
}

const sg_rule rule_require_lock_timeout = {
	.id = "require-lock-timeout",
	.severity = SG_WARNING,
	.summary = "a lock that blocks reads or writes is requested without lock_timeout",
	.why = "ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE and SHARE locks must wait for "
	       "every transaction already using the relation. While the statement waits in the "
	       "lock queue, every conflicting request queues behind it: all queries for ACCESS "
	       "EXCLUSIVE, all writes for the others. A single long transaction turns a brief "
	       "catalog change into an outage.",
	.help = "Set a lock timeout before the statement and retry the migration when it expires: "
		"`SET lock_timeout = '2s';` at the top of the file, or `SET LOCAL lock_timeout = "
		"'2s';` inside the transaction.",
	.bad = "ALTER TABLE users ADD COLUMN nickname text;",
	.good = "SET lock_timeout = '2s';\n"
		"ALTER TABLE users ADD COLUMN nickname text;",
	.engine = SG_ENGINE_NO_TIMEOUT,
	.check = check,
};
