/*
 * change-column-type: ALTER TABLE ... ALTER COLUMN ... TYPE on an existing
 * table.
 *
 * Unless PostgreSQL can prove the old values valid as they are (a binary-
 * coercible change, ATColumnChangeRequiresRewrite in tablecmds.c), it
 * rewrites the whole table and rebuilds its indexes under ACCESS
 * EXCLUSIVE: no reads, no writes until done. Offline, the old type is known
 * only for columns created or retyped earlier in the run; for any other
 * column the change is assumed to rewrite (the dry-run observes the truth).
 * A change to an incompatible type also breaks the application version
 * still running, which reads and writes the old type.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

/* A type as lint_type_text() writes it: "varchar(20)", "numeric(10,2)", "int4[]". */
struct column_type {
	char name[128];
	long mods[2];
	int nr_mods;
	bool array;
};

static void parse_type_text(const char *text, struct column_type *t)
{
	size_t n = strcspn(text, "([");
	const char *rest = text + n;

	*t = (struct column_type){ .nr_mods = 0 };
	snprintf(t->name, sizeof(t->name), "%.*s", (int)n, text);
	t->nr_mods = *rest == '(' ? sscanf(rest, "(%ld,%ld", &t->mods[0], &t->mods[1]) : 0;
	if (t->nr_mods < 0)
		t->nr_mods = 0;
	t->array = strchr(rest, '[') != NULL;
}

static bool same_type(const struct column_type *a, const struct column_type *b)
{
	return !strcmp(a->name, b->name) && a->array == b->array && a->nr_mods == b->nr_mods &&
	       (a->nr_mods < 1 || a->mods[0] == b->mods[0]) &&
	       (a->nr_mods < 2 || a->mods[1] == b->mods[1]);
}

static bool is_named(const struct column_type *t, const char *name)
{
	return !strcmp(t->name, name);
}

/* numeric(p) is numeric(p,0). */
static long numeric_scale(const struct column_type *t)
{
	return t->nr_mods == 2 ? t->mods[1] : 0;
}

/* Fractional-second precision goes up to 6; no modifier means 6. */
static bool is_temporal(const struct column_type *t)
{
	return is_named(t, "timestamp") || is_named(t, "timestamptz") || is_named(t, "time");
}

/*
 * A new modifier on the same type: the length-coercion support functions
 * (varchar_support, numeric_support, timestamp_support, ...) let it through
 * without a rewrite when no existing value can be cut.
 */
static bool is_widening(const struct column_type *from, const struct column_type *to)
{
	const char *n = to->name;

	if (is_temporal(to))
		return to->mods[0] >= 6 || (from->nr_mods && to->mods[0] >= from->mods[0]);
	if (!from->nr_mods)
		return false;
	if (!strcmp(n, "varchar") || !strcmp(n, "varbit"))
		return to->mods[0] >= from->mods[0];
	if (!strcmp(n, "numeric"))
		return numeric_scale(from) == numeric_scale(to) && to->mods[0] >= from->mods[0];
	/* interval(range, precision): the same range with more precision */
	if (!strcmp(n, "interval"))
		return from->nr_mods == 2 && to->nr_mods == 2 && from->mods[0] == to->mods[0] &&
		       to->mods[1] >= from->mods[1];
	return false;
}

/*
 * timestamp <-> timestamptz: since PostgreSQL 12 the server skips the
 * rewrite when the session's TimeZone is UTC, where both read the same.
 */
static bool is_utc_timestamp_switch(const sg_lint_ctx *ctx, const struct column_type *from,
				    const struct column_type *to)
{
	bool switched = (is_named(from, "timestamp") && is_named(to, "timestamptz")) ||
			(is_named(from, "timestamptz") && is_named(to, "timestamp"));

	return switched && lint_server_version(ctx) >= 120000 && lint_timezone_is_utc(ctx) &&
	       (!to->nr_mods || (from->nr_mods && to->mods[0] >= from->mods[0]) ||
		to->mods[0] >= 6);
}

/* Whether ALTER COLUMN TYPE from `from` to `to` (without USING) keeps the table as it is. */
static bool keeps_table(const sg_lint_ctx *ctx, const struct column_type *from,
			const struct column_type *to)
{
	if (is_utc_timestamp_switch(ctx, from, to))
		return true;
	if (same_type(from, to))
		return true;
	if (from->array || to->array)
		return false;
	if (!strcmp(from->name, to->name))
		return !to->nr_mods || is_widening(from, to);
	return (is_named(from, "varchar") && is_named(to, "text")) ||
	       (is_named(from, "text") && is_named(to, "varchar") && !to->nr_mods) ||
	       (is_named(from, "cidr") && is_named(to, "inet"));
}

static void check_type_change(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			      void *data)
{
	const sg_node *cmd = alter->cmd, *def = alter->def;
	const char *col = alter->name, *table = alter->table;
	const char *old = col ? lint_column_type(ctx, alter->key, col) : NULL;
	struct column_type from, to;
	char type[256];

	(void)data;
	lint_type_text(ast_field(def, "typeName"), type, sizeof(type));
	if (ast_field(def, "raw_default")) {
		lint_report(ctx, st, cmd,
			    "changing '%s.%s' to %s with USING rewrites the whole table and its "
			    "indexes under ACCESS EXCLUSIVE, blocking reads and writes; the running "
			    "application may also break on the new type",
			    table, col ? col : "?", type);
		return;
	}
	if (!old) {
		lint_report(ctx, st, cmd,
			    "changing the type of '%s.%s' to %s takes ACCESS EXCLUSIVE and rewrites "
			    "the whole table and its indexes unless the change is binary-coercible "
			    "(such as varchar(n) to text); its current type is unknown offline, "
			    "`schemagate dry-run` can confirm. An incompatible type also breaks the "
			    "running application",
			    table, col ? col : "?", type);
		return;
	}
	parse_type_text(old, &from);
	parse_type_text(type, &to);
	if (!keeps_table(ctx, &from, &to))
		lint_report(ctx, st, cmd,
			    "changing '%s.%s' from %s to %s takes ACCESS EXCLUSIVE and rewrites the "
			    "whole table and its indexes, blocking reads and writes; the running "
			    "application may also break on the new type",
			    table, col, old, type);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AlterColumnType", check_type_change, NULL);
}

const sg_rule rule_change_column_type = {
	.id = "change-column-type",
	.severity = SG_ERROR_SEV,
	.summary = "changing a column's type rewrites the table unless it is binary-coercible",
	.why = "ALTER COLUMN ... TYPE takes ACCESS EXCLUSIVE and, unless the change is "
	       "binary-coercible (varchar(n) to varchar(m >= n) or text, numeric(p,s) to "
	       "numeric(p2 >= p,s), cidr to inet, more timestamp precision...), rewrites the whole "
	       "table and rebuilds every index on it: reads and writes are blocked for the "
	       "duration. A USING clause always rewrites. The application version still running "
	       "also keeps reading and writing the old type.",
	.help = "Expand and contract: add a new column of the new type, keep both in step with a "
		"trigger, backfill in batches, switch the application to the new column, then drop "
		"the old one. Changes that only widen (varchar(n) to text) are safe: confirm with "
		"`schemagate dry-run`.",
	.bad = "ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;",
	.good = "ALTER TABLE orders ADD COLUMN quantity_big bigint;\n"
		"-- a trigger copies quantity into quantity_big; backfill in batches, switch reads",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
