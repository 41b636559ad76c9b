/*
 * Which relation locks a statement takes (see pg_locks.h).
 *
 * Only the relations named in the statement are modelled. What the server
 * also locks behind the scenes (a partitioned table's partitions, the
 * tables a dropped table's foreign keys point to) is left to the dry-run,
 * which observes pg_locks instead of guessing.
 */
#include "checks/pg_locks.h"

#include <string.h>

static const char *const mode_names[] = {
	"NO LOCK", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
	"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE",
};

const char *pg_lockmode_name(enum pg_lockmode m)
{
	return mode_names[m];
}

bool pg_lock_blocks_reads(enum pg_lockmode m)
{
	return m == PG_ACCESS_EXCLUSIVE;
}

bool pg_lock_blocks_writes(enum pg_lockmode m)
{
	return m >= PG_SHARE;
}

struct lockset {
	pg_lock *v;
	size_t nr, max;
};

static void add(struct lockset *ls, const char *schema, const char *name, const sg_node *at,
		enum pg_lockmode mode, bool is_index)
{
	size_t i;

	if (!name || mode == PG_NO_LOCK)
		return;
	for (i = 0; i < ls->nr; i++) {
		pg_lock *l = &ls->v[i];
		if (!strcmp(l->name, name) && (!l->schema == !schema) &&
		    (!schema || !strcmp(l->schema, schema))) {
			if (mode > l->mode)
				l->mode = mode;
			return;
		}
	}
	if (ls->nr == ls->max)
		return;
	ls->v[ls->nr++] = (pg_lock){ schema, name, at, mode, is_index };
}

static void add_rangevar(struct lockset *ls, const sg_node *rv, enum pg_lockmode mode)
{
	if (rv)
		add(ls, ast_str(rv, "schemaname"), ast_str(rv, "relname"), rv, mode, false);
}

/* The name list of a DROP object: {"List":{"items":[...]}} -> [...]. */
static const sg_node *object_names(const sg_node *o)
{
	return ast_is(o, "List") ? ast_list(o, "items") : o;
}

/* A qualified name list (["s","t"]) as used by DROP. */
static void add_names(struct lockset *ls, const sg_node *o, enum pg_lockmode mode, bool is_index)
{
	const sg_node *names = object_names(o);

	add(ls, ast_name_qualifier(names), ast_name_last(names), o, mode, is_index);
}

static bool has_option(const sg_node *options, const char *name)
{
	AST_EACH(o, options) {
		const char *d = ast_str(o, "defname");
		if (d && !strcmp(d, name))
			return true;
	}
	return false;
}

static bool constraint_is_fk(const sg_node *c)
{
	const char *t = ast_str(c, "contype");
	return t && !strcmp(t, "CONSTR_FOREIGN");
}

enum pg_lockmode pg_alter_cmd_lock(const sg_node *cmd, int server_version)
{
	const char *t = ast_str(cmd, "subtype");

	if (!t)
		return PG_ACCESS_EXCLUSIVE;
	if (!strcmp(t, "AT_SetStatistics") || !strcmp(t, "AT_ClusterOn") ||
	    !strcmp(t, "AT_DropCluster") || !strcmp(t, "AT_SetRelOptions") ||
	    !strcmp(t, "AT_ResetRelOptions") || !strcmp(t, "AT_ReplaceRelOptions") ||
	    !strcmp(t, "AT_SetOptions") || !strcmp(t, "AT_ResetOptions") ||
	    !strcmp(t, "AT_ValidateConstraint") || !strcmp(t, "AT_DetachPartitionFinalize"))
		return PG_SHARE_UPDATE_EXCLUSIVE;
	if (!strcmp(t, "AT_AttachPartition"))
		return server_version >= 120000 ? PG_SHARE_UPDATE_EXCLUSIVE : PG_ACCESS_EXCLUSIVE;
	if (!strcmp(t, "AT_DetachPartition"))
		return ast_bool(ast_field(cmd, "def"), "concurrent") ? PG_SHARE_UPDATE_EXCLUSIVE
								      : PG_ACCESS_EXCLUSIVE;
	if (!strncmp(t, "AT_EnableTrig", 13) || !strncmp(t, "AT_DisableTrig", 14) ||
	    !strcmp(t, "AT_EnableAlwaysTrig") || !strcmp(t, "AT_EnableReplicaTrig"))
		return PG_SHARE_ROW_EXCLUSIVE;
	if (!strcmp(t, "AT_AddConstraint") && constraint_is_fk(ast_field(cmd, "def")))
		return PG_SHARE_ROW_EXCLUSIVE;
	return PG_ACCESS_EXCLUSIVE;
}

static void alter_table_locks(struct lockset *ls, const sg_node *s, int version)
{
	const sg_node *rel = ast_field(s, "relation");
	enum pg_lockmode mode = PG_NO_LOCK;
	const char *objtype = ast_str(s, "objtype");
	bool is_index = objtype && !strcmp(objtype, "OBJECT_INDEX");

	AST_EACH(cmd, ast_list(s, "cmds")) {
		enum pg_lockmode m = pg_alter_cmd_lock(cmd, version);
		const char *t = ast_str(cmd, "subtype");
		const sg_node *def = ast_field(cmd, "def");

		if (m > mode)
			mode = m;
		if (t && !strcmp(t, "AT_AddConstraint") && constraint_is_fk(def))
			add_rangevar(ls, ast_field(def, "pktable"), PG_SHARE_ROW_EXCLUSIVE);
		if (t && !strcmp(t, "AT_AddColumn")) {
			AST_EACH(c, ast_list(def, "constraints"))
				if (constraint_is_fk(c))
					add_rangevar(ls, ast_field(c, "pktable"), PG_SHARE_ROW_EXCLUSIVE);
		}
		if (t && (!strcmp(t, "AT_AttachPartition") || !strcmp(t, "AT_DetachPartition"))) {
			const sg_node *part = ast_field(def, "name");
			add(ls, ast_str(part, "schemaname"), ast_str(part, "relname"), part,
			    ast_bool(def, "concurrent") ? PG_SHARE_UPDATE_EXCLUSIVE
							: PG_ACCESS_EXCLUSIVE,
			    is_index);
		}
	}
	if (rel)
		add(ls, ast_str(rel, "schemaname"), ast_str(rel, "relname"), rel, mode, is_index);
}

static void create_table_locks(struct lockset *ls, const sg_node *s)
{
	AST_EACH(parent, ast_list(s, "inhRelations"))
		add_rangevar(ls, parent, ast_field(s, "partbound") ? PG_ACCESS_EXCLUSIVE
								    : PG_SHARE_UPDATE_EXCLUSIVE);
	AST_EACH(elt, ast_list(s, "tableElts")) {
		if (ast_is(elt, "Constraint") && constraint_is_fk(elt))
			add_rangevar(ls, ast_field(elt, "pktable"), PG_SHARE_ROW_EXCLUSIVE);
		AST_EACH(c, ast_list(elt, "constraints"))
			if (constraint_is_fk(c))
				add_rangevar(ls, ast_field(c, "pktable"), PG_SHARE_ROW_EXCLUSIVE);
	}
}

static void drop_locks(struct lockset *ls, const sg_node *s)
{
	const char *type = ast_str(s, "removeType");
	bool concurrent = ast_bool(s, "concurrent");

	if (!type)
		return;
	if (!strcmp(type, "OBJECT_INDEX")) {
		AST_EACH(o, ast_list(s, "objects"))
			add_names(ls, o, concurrent ? PG_SHARE_UPDATE_EXCLUSIVE : PG_ACCESS_EXCLUSIVE, true);
	} else if (!strcmp(type, "OBJECT_TABLE") || !strcmp(type, "OBJECT_VIEW") ||
		   !strcmp(type, "OBJECT_MATVIEW") || !strcmp(type, "OBJECT_FOREIGN_TABLE") ||
		   !strcmp(type, "OBJECT_SEQUENCE")) {
		AST_EACH(o, ast_list(s, "objects"))
			add_names(ls, o, PG_ACCESS_EXCLUSIVE, false);
	} else if (!strcmp(type, "OBJECT_TRIGGER") || !strcmp(type, "OBJECT_RULE") ||
		   !strcmp(type, "OBJECT_POLICY")) {
		/* The object is [schema.]table.name: lock the table it is on. */
		AST_EACH(o, ast_list(s, "objects")) {
			const sg_node *names = object_names(o);
			size_t n = ast_len(names);
			const sg_node *tab = ast_nth(names, n - 2);
			const sg_node *sch = n >= 3 ? ast_nth(names, n - 3) : NULL;
			if (n >= 2)
				add(ls, sch ? ast_sval(sch) : NULL, ast_sval(tab), o,
				    PG_ACCESS_EXCLUSIVE, false);
		}
	}
}

static void rename_locks(struct lockset *ls, const sg_node *s, int version)
{
	const char *type = ast_str(s, "renameType");
	const sg_node *rel = ast_field(s, "relation");
	bool index = type && !strcmp(type, "OBJECT_INDEX");

	if (!rel || !type)
		return;
	/* Since PG 12 renaming an index takes only SHARE UPDATE EXCLUSIVE. */
	add(ls, ast_str(rel, "schemaname"), ast_str(rel, "relname"), rel,
	    index && version >= 120000 ? PG_SHARE_UPDATE_EXCLUSIVE : PG_ACCESS_EXCLUSIVE, index);
}

static void reindex_locks(struct lockset *ls, const sg_node *s)
{
	const char *kind = ast_str(s, "kind");
	bool concurrent = has_option(ast_list(s, "params"), "concurrently");
	const sg_node *rel = ast_field(s, "relation");

	if (!rel)
		return;
	add(ls, ast_str(rel, "schemaname"), ast_str(rel, "relname"), rel,
	    concurrent ? PG_SHARE_UPDATE_EXCLUSIVE : PG_ACCESS_EXCLUSIVE,
	    kind && !strcmp(kind, "REINDEX_OBJECT_INDEX"));
}

static void vacuum_locks(struct lockset *ls, const sg_node *s)
{
	enum pg_lockmode mode = has_option(ast_list(s, "options"), "full") ? PG_ACCESS_EXCLUSIVE
									  : PG_SHARE_UPDATE_EXCLUSIVE;

	AST_EACH(vr, ast_list(s, "rels"))
		add_rangevar(ls, ast_field(vr, "relation"), mode);
}

static void lock_stmt_locks(struct lockset *ls, const sg_node *s)
{
	int mode = ast_int(s, "mode", 8);

	if (mode < 1 || mode > 8)
		mode = 8;
	AST_EACH(rv, ast_list(s, "relations"))
		add_rangevar(ls, rv, (enum pg_lockmode)mode);
}

size_t pg_stmt_locks(const sg_node *stmt, int server_version, pg_lock *out, size_t max)
{
	struct lockset ls = { out, 0, max };
	const char *tag = ast_tag(stmt);

	if (!tag)
		return 0;
	if (!strcmp(tag, "AlterTableStmt"))
		alter_table_locks(&ls, stmt, server_version);
	else if (!strcmp(tag, "CreateStmt"))
		create_table_locks(&ls, stmt);
	else if (!strcmp(tag, "IndexStmt"))
		add_rangevar(&ls, ast_field(stmt, "relation"),
			     ast_bool(stmt, "concurrent") ? PG_SHARE_UPDATE_EXCLUSIVE : PG_SHARE);
	else if (!strcmp(tag, "DropStmt"))
		drop_locks(&ls, stmt);
	else if (!strcmp(tag, "RenameStmt"))
		rename_locks(&ls, stmt, server_version);
	else if (!strcmp(tag, "TruncateStmt"))
		AST_EACH(rv, ast_list(stmt, "relations"))
			add_rangevar(&ls, rv, PG_ACCESS_EXCLUSIVE);
	else if (!strcmp(tag, "CreateTrigStmt"))
		add_rangevar(&ls, ast_field(stmt, "relation"), PG_SHARE_ROW_EXCLUSIVE);
	else if (!strcmp(tag, "RuleStmt") || !strcmp(tag, "CreatePolicyStmt") ||
		 !strcmp(tag, "AlterPolicyStmt") || !strcmp(tag, "ClusterStmt"))
		add_rangevar(&ls, ast_field(stmt, ast_field(stmt, "table") ? "table" : "relation"),
			     PG_ACCESS_EXCLUSIVE);
	else if (!strcmp(tag, "ReindexStmt"))
		reindex_locks(&ls, stmt);
	else if (!strcmp(tag, "VacuumStmt"))
		vacuum_locks(&ls, stmt);
	else if (!strcmp(tag, "RefreshMatViewStmt"))
		add_rangevar(&ls, ast_field(stmt, "relation"),
			     ast_bool(stmt, "concurrent") ? PG_EXCLUSIVE : PG_ACCESS_EXCLUSIVE);
	else if (!strcmp(tag, "LockStmt"))
		lock_stmt_locks(&ls, stmt);
	else if (!strcmp(tag, "ViewStmt") && ast_bool(stmt, "replace"))
		add_rangevar(&ls, ast_field(stmt, "view"), PG_ACCESS_EXCLUSIVE);
	else if (!strcmp(tag, "AlterSeqStmt"))
		/* Blocks nextval(), and with it every INSERT that draws from the sequence. */
		add_rangevar(&ls, ast_field(stmt, "sequence"), PG_SHARE_ROW_EXCLUSIVE);
	else if (!strcmp(tag, "AlterObjectSchemaStmt") && ast_field(stmt, "relation"))
		add_rangevar(&ls, ast_field(stmt, "relation"), PG_ACCESS_EXCLUSIVE);
	else if (!strcmp(tag, "InsertStmt") || !strcmp(tag, "UpdateStmt") ||
		 !strcmp(tag, "DeleteStmt") || !strcmp(tag, "MergeStmt"))
		add_rangevar(&ls, ast_field(stmt, "relation"), PG_ROW_EXCLUSIVE);
	return ls.nr;
}
