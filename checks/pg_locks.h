#ifndef SG_PG_LOCKS_H
#define SG_PG_LOCKS_H

#include "checks/pg_ast.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * PostgreSQL's table-level lock modes, weakest first, and which relation
 * locks a statement takes. The levels follow the server's own choices
 * (AlterTableGetLockLevel in tablecmds.c and the "Explicit Locking"
 * chapter of the manual), including where they changed between versions.
 */
enum pg_lockmode {
	PG_NO_LOCK,
	PG_ACCESS_SHARE,
	PG_ROW_SHARE,
	PG_ROW_EXCLUSIVE,
	PG_SHARE_UPDATE_EXCLUSIVE,
	PG_SHARE,
	PG_SHARE_ROW_EXCLUSIVE,
	PG_EXCLUSIVE,
	PG_ACCESS_EXCLUSIVE,
};

typedef struct pg_lock {
	const char *schema; /* borrowed from the tree; NULL when unqualified */
	const char *name;   /* borrowed from the tree */
	const sg_node *at;  /* where the relation is named, for positions */
	enum pg_lockmode mode;
	bool is_index;      /* `name` is an index (its table is unknown offline) */
} pg_lock;

#define PG_MAX_LOCKS 64

/* Fill `out` with the relation locks `stmt` takes; returns how many. */
size_t pg_stmt_locks(const sg_node *stmt, int server_version, pg_lock *out, size_t max);

/* Lock level of one ALTER TABLE sub-command (an AlterTableCmd node). */
enum pg_lockmode pg_alter_cmd_lock(const sg_node *cmd, int server_version);

const char *pg_lockmode_name(enum pg_lockmode m);
/* Blocks plain SELECTs (ACCESS EXCLUSIVE only). */
bool pg_lock_blocks_reads(enum pg_lockmode m);
/* Blocks INSERT/UPDATE/DELETE (conflicts with ROW EXCLUSIVE). */
bool pg_lock_blocks_writes(enum pg_lockmode m);

#endif
