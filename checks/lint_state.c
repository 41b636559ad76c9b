/*
 * The context a statement is judged in, and how each statement changes it.
 *
 * Run state (kept across files): relations, indexes and constraints created
 * by earlier statements, which are new and empty, so hazards that need
 * existing rows or traffic do not apply to them; the types of columns
 * created in the run; CHECK (col IS NOT NULL) constraints known valid.
 *
 * File state: explicit transaction blocks and whether the runner wraps the
 * file in one; lock_timeout and statement_timeout set by SET, SET LOCAL or
 * set_config(); the strong locks taken so far in the current transaction,
 * since anything long that follows holds them for its whole length.
 */
#include "checks/lint_internal.h"
#include "checks/pg_walk.h"
#include "checks/rule.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY_MAX 512

struct lint_refs {
	lint_stmt_ref *v;
	size_t nr, alloc;
};

static void refs_free(void *p)
{
	struct lint_refs *r = p;

	if (r)
		free(r->v);
	free(r);
}

/* The relation a statement creates, alters or indexes, or NULL. */
static const sg_node *statement_relation(const sg_node *s)
{
	if (ast_is(s, "ViewStmt"))
		return ast_field(s, "view");
	if (ast_is(s, "CreateTableAsStmt"))
		return ast_field(ast_field(s, "into"), "rel");
	if (ast_is(s, "CreateStmt") || ast_is(s, "AlterTableStmt") || ast_is(s, "IndexStmt"))
		return ast_field(s, "relation");
	return NULL;
}

/* Index the file's statements by relation once, so look-ups stay linear. */
static void index_statements(sg_lint_ctx *ctx, const sg_node *tree)
{
	size_t i = 0;
	char key[KEY_MAX];

	AST_EACH(raw, ast_list(tree, "stmts")) {
		const sg_node *s = ast_field(raw, "stmt");
		const sg_node *rv = statement_relation(s);
		struct lint_refs *r;
		void *v;

		if (rv) {
			lint_rangevar_key(rv, key, sizeof(key));
			if (!sg_strmap_get(&ctx->stmts_on, key, &v)) {
				v = xcalloc(1, sizeof(struct lint_refs));
				sg_strmap_put(&ctx->stmts_on, key, v);
			}
			r = v;
			*VEC_PUSH(r->v, r->nr, r->alloc) = (lint_stmt_ref){ s, i };
		}
		i++;
	}
}

void lint_state_init(sg_lint_ctx *ctx)
{
	ctx->column_types.free_value = free;
	ctx->new_indexes.free_value = free;
	ctx->validated_unknown.free_value = free;
	ctx->stmts_on.free_value = refs_free;
	ctx->pending_checks.free_value = free;
	lint_routines_init(ctx);
	ctx->down_from = SIZE_MAX;
}

static void clear_held(sg_lint_ctx *ctx)
{
	sg_strmap_clear(&ctx->held);
	free(ctx->first_strong.table);
	ctx->first_strong.table = NULL;
}

static void clear_ignores(sg_lint_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_ignores; i++)
		free(ctx->ignores[i].rule);
	ctx->nr_ignores = 0;
}

static void forget_run(sg_lint_ctx *ctx)
{
	sg_strmap_clear(&ctx->new_tables);
	sg_strmap_clear(&ctx->new_indexes);
	sg_strmap_clear(&ctx->new_constraints);
	sg_strmap_clear(&ctx->column_types);
	sg_strmap_clear(&ctx->not_null_checks);
	sg_strmap_clear(&ctx->pending_checks);
	sg_strmap_clear(&ctx->checked_tables);
	sg_strmap_clear(&ctx->not_null_columns);
	sg_strmap_clear(&ctx->validated_unknown);
	sg_strmap_clear(&ctx->new_objects);
	sg_strmap_clear(&ctx->routines);
}

void lint_state_release(sg_lint_ctx *ctx)
{
	forget_run(ctx);
	sg_strmap_clear(&ctx->enum_values);
	sg_strmap_clear(&ctx->alter_counts);
	sg_strmap_clear(&ctx->stmts_on);
	clear_held(ctx);
	clear_ignores(ctx);
	free(ctx->ignores);
	free(ctx->windows);
}

void lint_state_begin_file(sg_lint_ctx *ctx)
{
	ctx->file_no++;
	if (ctx->opts.file_by_file)
		forget_run(ctx);
	clear_ignores(ctx);
	clear_held(ctx);
	sg_strmap_clear(&ctx->alter_counts);
	ctx->ignore_lo = ctx->ignore_hi = ctx->prev_end = 0;
	ctx->down_from = SIZE_MAX;
	ctx->dbmate = ctx->no_transaction = ctx->has_non_tx_stmt = false;
	ctx->stmt_index = ctx->nr_stmts = 0;
	ctx->nr_windows = 0;
	ctx->in_down_section = ctx->file_is_down;
	ctx->explicit_tx = 0;
	ctx->tx_begin = 0;
	ctx->lock_timeout = ctx->lock_timeout_local = false;
	ctx->stmt_timeout = ctx->stmt_timeout_local = false;
	ctx->timezone_utc = false;
	ctx->do_depth = 0;
}

void lint_state_begin_transaction_mode(sg_lint_ctx *ctx, const sg_node *tree)
{
	ctx->nr_stmts = ast_len(ast_list(tree, "stmts"));
	index_statements(ctx, tree);
	AST_EACH(raw, ast_list(tree, "stmts"))
		if (pg_needs_no_transaction(ast_field(raw, "stmt")))
			ctx->has_non_tx_stmt = true;
	/* dbmate wraps each section in a transaction unless told not to. */
	if (ctx->next_runner_tx != SG_RUNNER_TX_DEFAULT)
		ctx->runner_tx = ctx->next_runner_tx == SG_RUNNER_TX_WRAPS && !ctx->no_transaction;
	else
		ctx->runner_tx = (ctx->opts.assume_in_transaction || ctx->dbmate) && !ctx->no_transaction;
}

void sg_lint_next_file_runner_tx(sg_lint_ctx *ctx, enum sg_lint_runner_tx mode)
{
	ctx->next_runner_tx = mode;
}

void lint_state_end_file(sg_lint_ctx *ctx)
{
	ctx->next_runner_tx = SG_RUNNER_TX_DEFAULT;
	sg_strmap_clear(&ctx->stmts_on);
	clear_ignores(ctx);
	clear_held(ctx);
	sg_strmap_clear(&ctx->alter_counts);
}

/* ---- questions rules ask ---- */

int lint_server_version(const sg_lint_ctx *ctx)
{
	return ctx->opts.server_version;
}

bool lint_is_down(const sg_lint_ctx *ctx)
{
	return ctx->in_down_section;
}

bool lint_in_transaction(const sg_lint_ctx *ctx)
{
	return ctx->explicit_tx > 0 || ctx->runner_tx || ctx->do_depth > 0;
}

bool lint_in_explicit_transaction(const sg_lint_ctx *ctx)
{
	return ctx->explicit_tx > 0;
}

bool lint_runner_transaction(const sg_lint_ctx *ctx)
{
	return ctx->runner_tx;
}

bool lint_file_outside_transaction(const sg_lint_ctx *ctx)
{
	return ctx->no_transaction || ctx->has_non_tx_stmt;
}

bool lint_is_last_statement(const sg_lint_ctx *ctx)
{
	return ctx->stmt_index + 1 >= ctx->nr_stmts;
}

size_t lint_statements_on(const sg_lint_ctx *ctx, const char *table, const lint_stmt_ref **refs)
{
	void *v;

	if (!sg_strmap_get(&ctx->stmts_on, table, &v))
		return 0;
	*refs = ((struct lint_refs *)v)->v;
	return ((struct lint_refs *)v)->nr;
}

size_t lint_statement_index(const sg_lint_ctx *ctx)
{
	return ctx->stmt_index;
}

bool lint_lock_timeout_set(const sg_lint_ctx *ctx)
{
	return ctx->lock_timeout || ctx->lock_timeout_local;
}

bool lint_statement_timeout_set(const sg_lint_ctx *ctx)
{
	return ctx->stmt_timeout || ctx->stmt_timeout_local;
}

/*
 * "a.b" (or "b" without `a`) into buf, cut to fit. Rules ask for names on
 * nearly every statement, so this avoids the cost of snprintf.
 */
static void join_name(char *buf, size_t size, const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = strlen(b), n = 0;

	if (a) {
		if (la > size - 2)
			la = size - 2;
		memcpy(buf, a, la);
		buf[la] = '.';
		n = la + 1;
	}
	if (lb > size - 1 - n)
		lb = size - 1 - n;
	memcpy(buf + n, b, lb);
	buf[n + lb] = '\0';
}

void lint_relation_key(char *buf, size_t size, const char *schema, const char *name)
{
	join_name(buf, size, schema && strcmp(schema, "public") ? schema : NULL, name ? name : "");
}

/* "table<US>name": the unit separator cannot occur in an identifier's key. */
const char *lint_rangevar_key(const sg_node *rv, char *buf, size_t size)
{
	lint_relation_key(buf, size, ast_str(rv, "schemaname"), ast_str(rv, "relname"));
	return buf;
}

static void pair_key(char *buf, size_t size, const char *table, const char *name)
{
	size_t a = table ? strlen(table) : 0, b = name ? strlen(name) : 0;

	if (a + b + 2 > size)
		a = b = 0; /* too long to be a PostgreSQL name: never matches */
	memcpy(buf, table ? table : "", a);
	buf[a] = '\x1f';
	memcpy(buf + a + 1, name ? name : "", b);
	buf[a + 1 + b] = '\0';
}

bool lint_name_is_new(const sg_lint_ctx *ctx, const char *schema, const char *name)
{
	char key[KEY_MAX];

	if (!name)
		return false;
	lint_relation_key(key, sizeof(key), schema, name);
	return sg_strmap_has(&ctx->new_tables, key);
}

bool lint_relation_is_new(const sg_lint_ctx *ctx, const sg_node *rv)
{
	return rv && lint_name_is_new(ctx, ast_str(rv, "schemaname"), ast_str(rv, "relname"));
}

static void object_key(char *buf, size_t size, const char *kind, const char *name)
{
	snprintf(buf, size, "%s:%s", kind, name ? name : "");
}

bool lint_object_is_new(const sg_lint_ctx *ctx, const char *kind, const char *name)
{
	char key[KEY_MAX];

	object_key(key, sizeof(key), kind, name);
	return name && sg_strmap_has(&ctx->new_objects, key);
}

bool lint_enum_value_added(const sg_lint_ctx *ctx, const char *label)
{
	return label && sg_strmap_has(&ctx->enum_values, label);
}

bool lint_has_valid_check(const sg_lint_ctx *ctx, const char *table)
{
	return sg_strmap_has(&ctx->checked_tables, table);
}

bool lint_timezone_is_utc(const sg_lint_ctx *ctx)
{
	return ctx->timezone_utc;
}

bool lint_do_block_commits(const sg_lint_ctx *ctx)
{
	return ctx->do_commits;
}

bool lint_enum_values_pending(const sg_lint_ctx *ctx)
{
	return ctx->enum_values.nr > 0;
}

bool lint_index_is_new(const sg_lint_ctx *ctx, const char *schema, const char *name)
{
	char key[KEY_MAX];

	if (!name)
		return false;
	lint_relation_key(key, sizeof(key), schema, name);
	return sg_strmap_has(&ctx->new_indexes, key);
}

bool lint_constraint_is_new(const sg_lint_ctx *ctx, const char *table, const char *name)
{
	char key[KEY_MAX];

	pair_key(key, sizeof(key), table, name);
	return name && sg_strmap_has(&ctx->new_constraints, key);
}

const char *lint_column_type(const sg_lint_ctx *ctx, const char *table, const char *column)
{
	char key[KEY_MAX];
	void *v;

	pair_key(key, sizeof(key), table, column);
	return sg_strmap_get(&ctx->column_types, key, &v) ? v : NULL;
}

bool lint_column_is_not_null(const sg_lint_ctx *ctx, const char *table, const char *column)
{
	char key[KEY_MAX];

	pair_key(key, sizeof(key), table, column);
	return column && sg_strmap_has(&ctx->not_null_columns, key);
}

bool lint_has_not_null_check(const sg_lint_ctx *ctx, const char *table, const char *column)
{
	char key[KEY_MAX];

	pair_key(key, sizeof(key), table, column);
	return sg_strmap_has(&ctx->not_null_checks, key);
}

const char *lint_strong_lock_held(const sg_lint_ctx *ctx, int *line, const char **mode)
{
	const struct lint_held_lock *h = &ctx->first_strong;

	if (h->table && line)
		*line = h->line;
	if (h->table && mode)
		*mode = pg_lockmode_name(h->mode);
	return h->table;
}

int lint_lock_held_on(const sg_lint_ctx *ctx, const char *table)
{
	void *mode;

	return sg_strmap_get(&ctx->held, table, &mode) ? (int)(intptr_t)mode : 0;
}

int lint_alter_count(const sg_lint_ctx *ctx, const char *table)
{
	void *v;

	return sg_strmap_get(&ctx->alter_counts, table, &v) ? (int)(intptr_t)v : 0;
}

int lint_open_transactions(const sg_lint_ctx *ctx, size_t *begin_offset)
{
	if (begin_offset)
		*begin_offset = ctx->tx_begin;
	return ctx->explicit_tx;
}

const char *lint_relname(const sg_node *rv, char *buf, size_t size)
{
	const char *name = ast_str(rv, "relname");

	join_name(buf, size, ast_str(rv, "schemaname"), name ? name : "?");
	return buf;
}

const char *lint_type_text(const sg_node *tn, char *buf, size_t size)
{
	const char *name = ast_name_last(ast_list(tn, "names"));
	size_t n;
	bool first = true;

	n = (size_t)snprintf(buf, size, "%s", name ? name : "?");
	AST_EACH(mod, ast_list(tn, "typmods")) {
		const sg_node *c = ast_field(mod, "ival");
		if (n >= size)
			break;
		n += (size_t)snprintf(buf + n, size - n, "%s%d", first ? "(" : ",",
				      c ? ast_int(c, "ival", 0) : 0);
		first = false;
	}
	if (!first && n < size)
		n += (size_t)snprintf(buf + n, size - n, ")");
	if (ast_len(ast_list(tn, "arrayBounds")) && n < size)
		snprintf(buf + n, size - n, "[]");
	return buf;
}

bool lint_const_is_zero(const sg_node *c)
{
	const sg_node *iv = ast_field(c, "ival");
	const char *s;

	if (iv)
		return ast_int(iv, "ival", 0) == 0;
	s = ast_sval(c);
	if (!s) {
		const sg_node *fv = ast_field(c, "fval");
		s = fv ? ast_str(fv, "fval") : NULL;
	}
	return s && strtod(s, NULL) == 0.0;
}

/* ---- how statements change the context ---- */

static void set_timeout(sg_lint_ctx *ctx, const char *name, bool on, bool local)
{
	bool *session, *loc;

	if (!name)
		return;
	if (!strcmp(name, "lock_timeout")) {
		session = &ctx->lock_timeout;
		loc = &ctx->lock_timeout_local;
	} else if (!strcmp(name, "statement_timeout")) {
		session = &ctx->stmt_timeout;
		loc = &ctx->stmt_timeout_local;
	} else {
		return;
	}
	if (local) {
		/* SET LOCAL outside a transaction block has no effect. */
		if (lint_in_transaction(ctx))
			*loc = on;
	} else {
		*session = on;
		*loc = false;
	}
}

/* SET TIME ZONE 'UTC' (the session's, for the rest of the file). */
static void update_timezone(sg_lint_ctx *ctx, const sg_node *s, const char *kind)
{
	const char *v = ast_sval(ast_first(ast_list(s, "args")));

	ctx->timezone_utc = !strcmp(kind, "VAR_SET_VALUE") && v &&
			    (!strcasecmp(v, "UTC") || !strcasecmp(v, "Etc/UTC"));
}

static void update_variable_set(sg_lint_ctx *ctx, const sg_node *s)
{
	const char *kind = ast_str(s, "kind");
	const char *name = ast_str(s, "name");
	bool local = ast_bool(s, "is_local");

	if (!kind)
		return;
	if (name && !strcmp(name, "timezone"))
		update_timezone(ctx, s, kind);
	if (!strcmp(kind, "VAR_RESET_ALL")) {
		ctx->lock_timeout = ctx->lock_timeout_local = false;
		ctx->stmt_timeout = ctx->stmt_timeout_local = false;
		ctx->timezone_utc = false;
	} else if (!strcmp(kind, "VAR_SET_VALUE")) {
		const sg_node *arg = ast_first(ast_list(s, "args"));
		set_timeout(ctx, name, arg && !lint_const_is_zero(arg), local);
	} else if (!strcmp(kind, "VAR_SET_DEFAULT") || !strcmp(kind, "VAR_RESET")) {
		set_timeout(ctx, name, false, local);
	}
}

static bool visit_set_config(const sg_node *n, const char *tag, void *data)
{
	sg_lint_ctx *ctx = data;
	const sg_node *args, *name, *value, *local;
	const char *fn;

	if (strcmp(tag, "FuncCall"))
		return false;
	fn = ast_name_last(ast_list(n, "funcname"));
	args = ast_list(n, "args");
	if (!fn || strcmp(fn, "set_config") || ast_len(args) != 3)
		return false;
	name = ast_nth(args, 0);
	value = ast_nth(args, 1);
	local = ast_nth(args, 2);
	if (!ast_is(name, "A_Const") || !ast_is(value, "A_Const"))
		return false;
	set_timeout(ctx, ast_sval(name), !lint_const_is_zero(value),
		    ast_bool(ast_field(local, "boolval"), "boolval"));
	return false;
}

static void update_transaction(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *kind = ast_str(st->node, "kind");

	if (!kind)
		return;
	if (!strcmp(kind, "TRANS_STMT_BEGIN") || !strcmp(kind, "TRANS_STMT_START")) {
		if (ctx->explicit_tx++ == 0)
			ctx->tx_begin = st->start;
	} else if (!strcmp(kind, "TRANS_STMT_COMMIT") || !strcmp(kind, "TRANS_STMT_ROLLBACK") ||
		   !strcmp(kind, "TRANS_STMT_PREPARE")) {
		lint_state_end_transaction(ctx);
		/* COMMIT AND CHAIN starts the next transaction at once. */
		if (ast_bool(st->node, "chain")) {
			ctx->explicit_tx = 1;
			ctx->tx_begin = st->start;
			return;
		}
		/*
		 * In a file the runner wraps, a BEGIN of ours was ignored, so any
		 * COMMIT ends the runner's transaction: what follows runs outside.
		 */
		ctx->runner_tx = false;
		ctx->explicit_tx = 0;
	}
}

void lint_state_end_transaction(sg_lint_ctx *ctx)
{
	ctx->lock_timeout_local = ctx->stmt_timeout_local = false;
	clear_held(ctx);
	sg_strmap_clear(&ctx->enum_values);
}

static void record_column(sg_lint_ctx *ctx, const char *table, const sg_node *coldef)
{
	char key[KEY_MAX], type[256];
	const char *col = ast_str(coldef, "colname");
	const sg_node *tn = ast_field(coldef, "typeName");

	if (!col || !tn)
		return;
	pair_key(key, sizeof(key), table, col);
	sg_strmap_put(&ctx->column_types, key, xstrdup(lint_type_text(tn, type, sizeof(type))));
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (t && (!strcmp(t, "CONSTR_NOTNULL") || !strcmp(t, "CONSTR_PRIMARY")))
			sg_strmap_put(&ctx->not_null_columns, key, NULL);
	}
}

/* The column of a CHECK (col IS NOT NULL), or NULL. */
static const char *not_null_check_column(const sg_node *con)
{
	const sg_node *e = ast_field(con, "raw_expr");
	const char *ct = ast_str(con, "contype");
	const sg_node *fields;

	if (!ct || strcmp(ct, "CONSTR_CHECK") || !ast_is(e, "NullTest"))
		return NULL;
	if (!ast_str(e, "nulltesttype") || strcmp(ast_str(e, "nulltesttype"), "IS_NOT_NULL"))
		return NULL;
	fields = ast_list(ast_field(e, "arg"), "fields");
	return ast_is(ast_field(e, "arg"), "ColumnRef") && ast_len(fields) == 1
		       ? ast_sval(ast_first(fields))
		       : NULL;
}

/* A valid CHECK on `table`, and on `column` when it is a CHECK (column IS NOT NULL). */
static void record_valid_check(sg_lint_ctx *ctx, const char *table, const char *column)
{
	char key[KEY_MAX];

	sg_strmap_put(&ctx->checked_tables, table, NULL);
	if (!column || !*column)
		return;
	pair_key(key, sizeof(key), table, column);
	sg_strmap_put(&ctx->not_null_checks, key, NULL);
}

static void record_constraint(sg_lint_ctx *ctx, const char *table, const sg_node *con)
{
	char key[KEY_MAX];
	const char *name = ast_str(con, "conname");
	const char *col = not_null_check_column(con);
	const char *type = ast_str(con, "contype");

	if (name) {
		pair_key(key, sizeof(key), table, name);
		sg_strmap_put(&ctx->new_constraints, key, NULL);
	}
	if (!type || strcmp(type, "CONSTR_CHECK"))
		return;
	if (!ast_bool(con, "skip_validation")) {
		record_valid_check(ctx, table, col);
	} else if (name) {
		/* VALIDATE CONSTRAINT later makes it valid: remember what it checks. */
		pair_key(key, sizeof(key), table, name);
		sg_strmap_put(&ctx->pending_checks, key, xstrdup(col ? col : ""));
	}
}

static void update_create_table(sg_lint_ctx *ctx, const sg_node *s)
{
	const sg_node *rv = ast_field(s, "relation");
	char key[KEY_MAX];

	lint_relation_key(key, sizeof(key), ast_str(rv, "schemaname"), ast_str(rv, "relname"));
	sg_strmap_put(&ctx->new_tables, key, NULL);
	AST_EACH(elt, ast_list(s, "tableElts")) {
		if (ast_is(elt, "ColumnDef")) {
			record_column(ctx, key, elt);
			AST_EACH(c, ast_list(elt, "constraints"))
				record_constraint(ctx, key, c);
		} else if (ast_is(elt, "Constraint")) {
			record_constraint(ctx, key, elt);
		}
	}
}

static void record_validated_unknown(sg_lint_ctx *ctx, const char *table, const char *name)
{
	void *v = NULL;
	sbuf names = SBUF_INIT;

	if (!name)
		return;
	if (sg_strmap_get(&ctx->validated_unknown, table, &v))
		sbuf_adds(&names, v);
	sbuf_addf(&names, "%s\n", name);
	sg_strmap_put(&ctx->validated_unknown, table, sbuf_detach(&names));
}

bool lint_validated_unknown_constraint(const sg_lint_ctx *ctx, const char *table,
				       const char *fragment)
{
	void *v;
	const char *line;

	if (!fragment || !sg_strmap_get(&ctx->validated_unknown, table, &v))
		return false;
	for (line = v; *line; line = strchr(line, '\n') + 1) {
		const char *hit = strstr(line, fragment);
		if (hit && hit < strchr(line, '\n'))
			return true;
	}
	return false;
}

/* "a,b": the plain columns an index is built on, or NULL for an expression. */
static char *index_columns(const sg_node *index)
{
	sbuf cols = SBUF_INIT;

	AST_EACH(e, ast_list(index, "indexParams")) {
		if (!ast_str(e, "name")) {
			sbuf_release(&cols);
			return NULL;
		}
		sbuf_addf(&cols, "%s%s", cols.len ? "," : "", ast_str(e, "name"));
	}
	return sbuf_detach(&cols);
}

const char *lint_index_columns(const sg_lint_ctx *ctx, const char *schema, const char *name)
{
	char key[KEY_MAX];
	void *cols;

	if (!name)
		return NULL;
	lint_relation_key(key, sizeof(key), schema, name);
	return sg_strmap_get(&ctx->new_indexes, key, &cols) ? cols : NULL;
}

bool lint_column_may_be_null(const sg_lint_ctx *ctx, const char *table, const char *column)
{
	return lint_column_type(ctx, table, column) && !lint_column_is_not_null(ctx, table, column) &&
	       !lint_has_not_null_check(ctx, table, column);
}

static void update_alter_table(sg_lint_ctx *ctx, const sg_node *s)
{
	const sg_node *rv = ast_field(s, "relation");
	char key[KEY_MAX], ck[KEY_MAX];
	void *count = NULL;

	lint_relation_key(key, sizeof(key), ast_str(rv, "schemaname"), ast_str(rv, "relname"));
	if (!sg_strmap_has(&ctx->new_tables, key)) {
		sg_strmap_get(&ctx->alter_counts, key, &count);
		sg_strmap_put(&ctx->alter_counts, key, (void *)((intptr_t)count + 1));
	}
	AST_EACH(cmd, ast_list(s, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		const sg_node *def = ast_field(cmd, "def");
		void *col;

		if (!t)
			continue;
		if (!strcmp(t, "AT_AddColumn")) {
			record_column(ctx, key, def);
			AST_EACH(c, ast_list(def, "constraints"))
				record_constraint(ctx, key, c);
		} else if (!strcmp(t, "AT_AlterColumnType") && ast_str(cmd, "name")) {
			char type[256];
			pair_key(ck, sizeof(ck), key, ast_str(cmd, "name"));
			sg_strmap_put(&ctx->column_types, ck,
				      xstrdup(lint_type_text(ast_field(def, "typeName"), type, sizeof(type))));
		} else if (!strcmp(t, "AT_SetNotNull") && ast_str(cmd, "name")) {
			pair_key(ck, sizeof(ck), key, ast_str(cmd, "name"));
			sg_strmap_put(&ctx->not_null_columns, ck, NULL);
		} else if (!strcmp(t, "AT_AddConstraint")) {
			record_constraint(ctx, key, def);
		} else if (!strcmp(t, "AT_ValidateConstraint")) {
			pair_key(ck, sizeof(ck), key, ast_str(cmd, "name"));
			if (sg_strmap_get(&ctx->pending_checks, ck, &col))
				record_valid_check(ctx, key, col);
			else if (!sg_strmap_has(&ctx->new_constraints, ck))
				record_validated_unknown(ctx, key, ast_str(cmd, "name"));
		}
	}
}

static void update_rename(sg_lint_ctx *ctx, const sg_node *s)
{
	const char *type = ast_str(s, "renameType");
	const sg_node *rv = ast_field(s, "relation");
	const char *newname = ast_str(s, "newname");
	char key[KEY_MAX];

	if (!type || !rv || !newname)
		return;
	if ((!strcmp(type, "OBJECT_TABLE") || !strcmp(type, "OBJECT_VIEW") ||
	     !strcmp(type, "OBJECT_MATVIEW")) && lint_relation_is_new(ctx, rv)) {
		lint_relation_key(key, sizeof(key), ast_str(rv, "schemaname"), newname);
		sg_strmap_put(&ctx->new_tables, key, NULL);
	}
}

const char *lint_qualified_name(const sg_node *names, char *buf, size_t size)
{
	const char *n = ast_name_last(names);

	join_name(buf, size, ast_name_qualifier(names), n ? n : "?");
	return buf;
}

static void record_object(sg_lint_ctx *ctx, const char *kind, const char *name)
{
	char key[KEY_MAX];

	object_key(key, sizeof(key), kind, name);
	sg_strmap_put(&ctx->new_objects, key, NULL);
}

/* Schemas, types, enums and domains created by this statement. */
static void update_created_objects(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *s = st->node;
	char name[KEY_MAX / 2];

	if (!strcmp(st->tag, "CreateSchemaStmt") && ast_str(s, "schemaname")) {
		record_object(ctx, "schema", ast_str(s, "schemaname"));
	} else if (!strcmp(st->tag, "CreateEnumStmt") || !strcmp(st->tag, "CreateRangeStmt")) {
		lint_qualified_name(ast_list(s, "typeName"), name, sizeof(name));
		record_object(ctx, "type", name);
	} else if (!strcmp(st->tag, "CreateDomainStmt")) {
		lint_qualified_name(ast_list(s, "domainname"), name, sizeof(name));
		record_object(ctx, "type", name);
		if (ast_len(ast_list(s, "constraints")))
			record_object(ctx, "constrained-domain", name);
	} else if (!strcmp(st->tag, "AlterDomainStmt") && ast_str(s, "subtype") &&
		   strchr("CO", ast_str(s, "subtype")[0])) {
		/* ADD CONSTRAINT (even NOT VALID) or SET NOT NULL: new columns are checked. */
		lint_qualified_name(ast_list(s, "typeName"), name, sizeof(name));
		record_object(ctx, "constrained-domain", name);
	} else if (!strcmp(st->tag, "CompositeTypeStmt")) {
		record_object(ctx, "type", lint_relname(ast_field(s, "typevar"), name, sizeof(name)));
	}
}

static void update_enum_values(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *label = ast_str(st->node, "newVal");

	if (!strcmp(st->tag, "AlterEnumStmt") && label && !ast_str(st->node, "oldVal") &&
	    lint_in_transaction(ctx))
		sg_strmap_put(&ctx->enum_values, label, NULL);
}

static void update_created(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *s = st->node;
	char key[KEY_MAX];

	update_created_objects(ctx, st);
	if (!strcmp(st->tag, "CreateStmt")) {
		update_create_table(ctx, s);
	} else if (!strcmp(st->tag, "CreateTableAsStmt")) {
		const sg_node *rv = ast_field(ast_field(s, "into"), "rel");
		lint_relation_key(key, sizeof(key), ast_str(rv, "schemaname"), ast_str(rv, "relname"));
		sg_strmap_put(&ctx->new_tables, key, NULL);
	} else if (!strcmp(st->tag, "ViewStmt") && !ast_bool(s, "replace")) {
		const sg_node *rv = ast_field(s, "view");
		lint_relation_key(key, sizeof(key), ast_str(rv, "schemaname"), ast_str(rv, "relname"));
		sg_strmap_put(&ctx->new_tables, key, NULL);
	} else if (!strcmp(st->tag, "IndexStmt") && ast_str(s, "idxname")) {
		lint_relation_key(key, sizeof(key), ast_str(ast_field(s, "relation"), "schemaname"),
				  ast_str(s, "idxname"));
		sg_strmap_put(&ctx->new_indexes, key, index_columns(s));
	} else if (!strcmp(st->tag, "AlterTableStmt")) {
		update_alter_table(ctx, s);
	} else if (!strcmp(st->tag, "RenameStmt")) {
		update_rename(ctx, s);
	}
}

static void update_locks(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_lock locks[PG_MAX_LOCKS];
	size_t n = pg_stmt_locks(st->node, ctx->opts.server_version, locks, PG_MAX_LOCKS), i;
	char key[KEY_MAX];

	for (i = 0; i < n; i++) {
		void *held = NULL;

		if (locks[i].mode < PG_SHARE)
			continue;
		if (locks[i].is_index ? lint_index_is_new(ctx, locks[i].schema, locks[i].name)
				      : lint_name_is_new(ctx, locks[i].schema, locks[i].name))
			continue;
		lint_relation_key(key, sizeof(key), locks[i].schema, locks[i].name);
		sg_strmap_get(&ctx->held, key, &held);
		if ((intptr_t)held < (intptr_t)locks[i].mode)
			sg_strmap_put(&ctx->held, key, (void *)(intptr_t)locks[i].mode);
		if (!ctx->first_strong.table) {
			ctx->first_strong.table = xstrdup(key);
			ctx->first_strong.mode = locks[i].mode;
			ctx->first_strong.line = sg_text_pos(ctx->lines, st->start).line;
		}
	}
}

void lint_state_update(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *tag = st->tag;

	if (!strcmp(tag, "TransactionStmt")) {
		update_transaction(ctx, st);
		return;
	}
	if (!strcmp(tag, "VariableSetStmt"))
		update_variable_set(ctx, st->node);
	else if (!strcmp(tag, "SelectStmt"))
		ast_walk(st->node, visit_set_config, ctx);
	/* Locks first: a statement's own table is not "new" to itself. */
	update_locks(ctx, st);
	if (!ctx->in_down_section)
		update_created(ctx, st);
	update_enum_values(ctx, st);
	/* Outside a transaction block the statement was a transaction of its own. */
	if (!lint_in_transaction(ctx))
		lint_state_end_transaction(ctx);
}
