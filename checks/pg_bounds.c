/*
 * Whether an UPDATE or DELETE touches a bounded set of rows (see pg_bounds.h).
 *
 * Accepted as bounded: a LIMIT subquery (WHERE id IN (SELECT id ... LIMIT
 * n), ctid = ANY(ARRAY(SELECT ctid ... LIMIT n)), or a LIMIT CTE or
 * subquery joined in FROM / USING), a join with a table created earlier in
 * the run (a seeded list of keys), BETWEEN, a lower and an upper bound on
 * the same column, equality or IN on a key-like column (id, *_id, uuid,
 * ctid, key, name, ...), and WHERE CURRENT OF. Inside DO blocks an
 * unqualified name on the value side is taken for a PL/pgSQL variable
 * (`WHERE id >= lo AND id < lo + 1000`).
 */
#include "checks/pg_bounds.h"

#include <string.h>

struct bounds {
	const sg_lint_ctx *ctx;
	const sg_stmt *st;
	const sg_node *ctes; /* WITH list of the statement */
	bool batches_commit; /* a batch is its own transaction (not a DO that never commits) */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Names that identify one row (or very few), so `col = value` is a point update. */
static bool looks_like_key(const char *col)
{
	static const char *const names[] = { "id",	 "ctid",  "uuid",  "guid", "pk",
					     "key",	 "slug",  "code",  "sku",  "name",
					     "email", "username", "login", "handle", "token" };
	static const char *const suffixes[] = { "_id", "Id", "_uuid", "_key", "_pk", "_code",
						"_number", "_token" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(col, names[i]))
			return true;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (ends_with(col, suffixes[i]))
			return true;
	return false;
}

/* The column a ColumnRef names (its last field), or NULL. */
static const char *column_of(const sg_node *e)
{
	return ast_is(e, "ColumnRef") ? ast_name_last(ast_list(e, "fields")) : NULL;
}

struct refs {
	int columns, qualified, sublinks;
};

static bool count_refs(const sg_node *n, const char *tag, void *data)
{
	struct refs *r = data;

	if (!strcmp(tag, "ColumnRef")) {
		r->columns++;
		r->qualified += ast_len(ast_list(n, "fields")) > 1;
	} else if (!strcmp(tag, "SubLink")) {
		r->sublinks++;
	}
	return false;
}

/* A constant, a parameter, an expression of them, or (in a DO block) a variable. */
static bool is_value(const struct bounds *b, const sg_node *e)
{
	struct refs r = { 0, 0, 0 };

	if (!e)
		return false;
	ast_walk(e, count_refs, &r);
	if (r.sublinks)
		return false;
	return r.columns == 0 || (b->st->in_do && b->batches_commit && r.qualified == 0);
}

static bool cte_is_limited(const struct bounds *b, const char *name);

/* A table in FROM that holds a bounded set of rows: a limited CTE or a new table. */
static bool is_bounded_source(const struct bounds *b, const sg_node *item)
{
	return ast_is(item, "RangeVar") &&
	       ((!ast_str(item, "schemaname") && cte_is_limited(b, ast_str(item, "relname"))) ||
		lint_relation_is_new(b->ctx, item));
}

/* A SELECT that returns a bounded number of rows: LIMIT, or FROM a bounded source. */
static bool select_is_limited(const struct bounds *b, const sg_node *sel)
{
	if (ast_field(sel, "limitCount"))
		return b->batches_commit;
	AST_EACH(from, ast_list(sel, "fromClause"))
		if (is_bounded_source(b, from))
			return true;
	return false;
}

static bool cte_is_limited(const struct bounds *b, const char *name)
{
	AST_EACH(cte, b->ctes) {
		const char *n = ast_str(cte, "ctename");
		if (name && n && !strcmp(n, name))
			return b->batches_commit &&
			       ast_field(ast_field(cte, "ctequery"), "limitCount") != NULL;
	}
	return false;
}

static bool sublink_is_limited(const struct bounds *b, const sg_node *e)
{
	return ast_is(e, "SubLink") && select_is_limited(b, ast_field(e, "subselect"));
}

/* A FROM / USING item that holds a bounded batch of keys to join against. */
static bool joins_limited_batch(const struct bounds *b, const sg_node *from)
{
	AST_EACH(item, from) {
		if (ast_is(item, "RangeSubselect") &&
		    select_is_limited(b, ast_field(item, "subquery")))
			return true;
		if (is_bounded_source(b, item))
			return true;
	}
	return false;
}

static const char *op_name(const sg_node *e)
{
	return ast_name_last(ast_list(e, "name"));
}

/* (SELECT ...) as a value: at most one row, or the statement fails. */
static bool is_scalar_sublink(const sg_node *e)
{
	const char *t = ast_str(e, "subLinkType");
	return ast_is(e, "SubLink") && t && !strcmp(t, "EXPR_SUBLINK");
}

/* col = value, col = ANY(values), col IN (values) on a key-like column. */
static bool is_point_lookup(const struct bounds *b, const sg_node *e, const char *kind)
{
	const sg_node *l = ast_field(e, "lexpr"), *r = ast_field(e, "rexpr");
	const char *op = op_name(e);
	const char *col;

	if (!op || strcmp(op, "="))
		return false;
	if (!strcmp(kind, "AEXPR_OP") && !column_of(l)) {
		const sg_node *t = l;
		l = r;
		r = t;
	}
	col = column_of(l);
	if (!col || !looks_like_key(col))
		return false;
	if (!strcmp(kind, "AEXPR_IN")) {
		AST_EACH(v, ast_list(e, "rexpr"))
			if (!is_value(b, v))
				return false;
		return true;
	}
	return is_value(b, r) || sublink_is_limited(b, r) ||
	       (!strcmp(kind, "AEXPR_OP") && is_scalar_sublink(r));
}

static bool is_between(const struct bounds *b, const sg_node *e)
{
	const sg_node *bounds = ast_list(e, "rexpr");

	return column_of(ast_field(e, "lexpr")) && ast_len(bounds) == 2 &&
	       is_value(b, ast_nth(bounds, 0)) && is_value(b, ast_nth(bounds, 1));
}

static bool a_expr_bounds_rows(const struct bounds *b, const sg_node *e)
{
	const char *kind = ast_str(e, "kind");

	if (!kind)
		return false;
	if (!strcmp(kind, "AEXPR_OP") || !strcmp(kind, "AEXPR_OP_ANY") || !strcmp(kind, "AEXPR_IN"))
		return is_point_lookup(b, e, kind);
	if (!strcmp(kind, "AEXPR_BETWEEN") || !strcmp(kind, "AEXPR_BETWEEN_SYM"))
		return is_between(b, e);
	return false;
}

/*
 * Which side of a range `e` bounds: +1 for an upper bound (col < v, v > col),
 * -1 for a lower bound, 0 for neither. Sets *col.
 */
static int range_side(const struct bounds *b, const sg_node *e, const char **col)
{
	const char *kind = ast_str(e, "kind"), *op = op_name(e);
	const sg_node *l = ast_field(e, "lexpr"), *r = ast_field(e, "rexpr");
	int side;

	if (!ast_is(e, "A_Expr") || !kind || strcmp(kind, "AEXPR_OP") || !op)
		return 0;
	if (!strcmp(op, "<") || !strcmp(op, "<="))
		side = 1;
	else if (!strcmp(op, ">") || !strcmp(op, ">="))
		side = -1;
	else
		return 0;
	if (column_of(l) && is_value(b, r)) {
		*col = column_of(l);
		return side;
	}
	if (column_of(r) && is_value(b, l)) {
		*col = column_of(r);
		return -side;
	}
	return 0;
}

/* Among the conjuncts, a lower and an upper bound on the same column. */
static bool has_range(const struct bounds *b, const sg_node *conjuncts)
{
	AST_EACH(lo, conjuncts) {
		const char *lcol = NULL;
		if (range_side(b, lo, &lcol) != -1)
			continue;
		AST_EACH(hi, conjuncts) {
			const char *hcol = NULL;
			if (range_side(b, hi, &hcol) == 1 && !strcmp(lcol, hcol))
				return true;
		}
	}
	return false;
}

static bool bounds_rows(const struct bounds *b, const sg_node *e)
{
	if (ast_is(e, "BoolExpr")) {
		const char *op = ast_str(e, "boolop");
		const sg_node *args = ast_list(e, "args");

		if (op && !strcmp(op, "AND_EXPR")) {
			AST_EACH(a, args)
				if (bounds_rows(b, a))
					return true;
			return has_range(b, args);
		}
		if (op && !strcmp(op, "OR_EXPR")) {
			AST_EACH(a, args)
				if (!bounds_rows(b, a))
					return false;
			return ast_len(args) > 0;
		}
		return false;
	}
	if (ast_is(e, "A_Expr"))
		return a_expr_bounds_rows(b, e);
	if (ast_is(e, "SubLink")) {
		/* IN (SELECT ... LIMIT n); an EXISTS with LIMIT 1 still runs for every row. */
		const char *t = ast_str(e, "subLinkType");
		return t && !strcmp(t, "ANY_SUBLINK") && sublink_is_limited(b, e);
	}
	return ast_is(e, "CurrentOfExpr");
}

bool pg_rows_bounded(const sg_lint_ctx *ctx, const sg_stmt *st, bool batches_commit)
{
	bool is_update = ast_is(st->node, "UpdateStmt");
	const sg_node *where = ast_field(st->node, "whereClause");
	struct bounds b = { ctx, st, ast_list(ast_field(st->node, "withClause"), "ctes"),
			    batches_commit };

	if (joins_limited_batch(&b, ast_list(st->node, is_update ? "fromClause" : "usingClause")))
		return true;
	return where && bounds_rows(&b, where);
}
