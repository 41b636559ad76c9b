/*
 * DO blocks run when the migration runs, so the SQL inside them is linted
 * like any other statement, with positions in the file. So do functions and
 * procedures created in the run when the run calls them (CALL, SELECT f()):
 * a body that is only created is not linted.
 *
 * libpg_query parses PL/pgSQL only as a function body, so the DO body is
 * wrapped in a CREATE FUNCTION. The PL/pgSQL tree gives each statement's
 * line in the body and its SQL text, which is found again in the body to
 * recover its exact offset. EXECUTE of a string literal is linted as SQL;
 * any other EXECUTE is reported as unverifiable, because what it runs is
 * only known at run time.
 */
#include "checks/lint_internal.h"
#include "checks/pg_fold.h"
#include "checks/pg_lex.h"
#include "checks/pg_parse.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DO_MAX_DEPTH 8

struct do_body {
	const char *text; /* borrowed: the body as the server sees it */
	size_t base;      /* its offset in the file, when exact */
	bool exact;
	const sg_stmt *outer;
};

/* Offset in the body where 1-based `line` begins. */
static size_t body_line_offset(const char *body, int line)
{
	const char *p = body;

	while (--line > 0) {
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	return (size_t)(p - body);
}

/* Lint `sql`, found at body offset `at` (or unknown: SIZE_MAX). */
static void lint_embedded_sql(sg_lint_ctx *ctx, const struct do_body *b, const char *sql,
			      size_t at)
{
	sg_node *tree = NULL;
	pg_parse_error err = { NULL, -1 };
	bool exact = b->exact && at != SIZE_MAX;
	size_t base = exact ? b->base + at : b->outer->start;

	if (pg_parse_sql(sql, &tree, &err) < 0) {
		size_t off = exact && err.offset >= 0 ? base + (size_t)err.offset : b->outer->start;
		lint_driver_report(ctx, "syntax-error", off, exact ? off + 1 : b->outer->end,
				   "%s (in SQL the migration runs through a DO block or routine); it "
				   "fails when it runs",
				   err.message);
		pg_parse_error_release(&err);
		return;
	}
	lint_tree(ctx, tree, sql, base, exact, b->outer);
	ast_free(tree);
}

static size_t find_in_body(const struct do_body *b, const char *needle, int lineno)
{
	const char *from = b->text + body_line_offset(b->text, lineno);
	const char *hit = strstr(from, needle);

	if (!hit)
		hit = strstr(b->text, needle);
	return hit ? (size_t)(hit - b->text) : SIZE_MAX;
}

static void report_unverifiable(sg_lint_ctx *ctx, const struct do_body *b, const char *expr,
				int lineno)
{
	size_t at = find_in_body(b, expr, lineno);
	size_t start = b->outer->start, end = b->outer->end;

	if (b->exact && at != SIZE_MAX) {
		start = b->base + at;
		end = start + strlen(expr);
	}
	lint_driver_report(ctx, "unverifiable-dynamic-sql", start, end,
			   "EXECUTE of a computed string cannot be checked before it runs; "
			   "dry-run it, or write the statement as a literal");
}

/*
 * SQL folded from constants (format(), ||): found at no exact place, so its
 * findings are reported at the EXECUTE expression.
 */
static void lint_folded(sg_lint_ctx *ctx, const struct do_body *b, const char *sql,
			const char *expr, int lineno)
{
	size_t at = find_in_body(b, expr, lineno);
	sg_stmt at_expr = *b->outer;
	struct do_body inner = *b;

	if (b->exact && at != SIZE_MAX) {
		at_expr.start = b->base + at;
		at_expr.end = at_expr.start + strlen(expr);
	}
	inner.outer = &at_expr;
	lint_embedded_sql(ctx, &inner, sql, SIZE_MAX);
}

/*
 * EXECUTE <expr>: when the expression is one string constant, lint what it
 * holds; the constant's text is located in the body so that positions in a
 * dollar-quoted literal stay exact. An expression of constants (format()
 * with literal arguments, ||) is folded and linted too.
 */
static void lint_dynamic(sg_lint_ctx *ctx, const struct do_body *b, const char *expr, int lineno)
{
	sbuf q = SBUF_INIT, folded = SBUF_INIT;
	sg_node *tree = NULL;
	pg_parse_error err = { NULL, -1 };
	const sg_node *target, *val;
	const char *sql;

	sbuf_addf(&q, "SELECT %s", expr);
	if (pg_parse_sql(q.buf, &tree, &err) < 0) {
		pg_parse_error_release(&err);
		report_unverifiable(ctx, b, expr, lineno);
		sbuf_release(&q);
		return;
	}
	target = ast_first(ast_list(ast_field(ast_first(ast_list(tree, "stmts")), "stmt"),
				    "targetList"));
	val = ast_field(target, "val");
	sql = ast_is(val, "A_Const") ? ast_sval(val) : NULL;
	if (ast_len(ast_list(tree, "stmts")) != 1) {
		report_unverifiable(ctx, b, expr, lineno);
	} else if (!sql) {
		if (pg_fold_string(val, &folded))
			lint_folded(ctx, b, folded.buf, expr, lineno);
		else
			report_unverifiable(ctx, b, expr, lineno);
	} else {
		size_t at = find_in_body(b, expr, lineno);
		size_t tag = pg_lex_dollar_tag(expr, strlen(expr));
		size_t inner = SIZE_MAX;

		/* Exact only when the literal's bytes are the SQL's bytes. */
		if (at != SIZE_MAX && tag && !strncmp(expr + tag, sql, strlen(sql)))
			inner = at + tag;
		else if (at != SIZE_MAX && expr[0] == '\'' && !strncmp(expr + 1, sql, strlen(sql)))
			inner = at + 1;
		lint_embedded_sql(ctx, b, sql, inner);
	}
	ast_free(tree);
	sbuf_release(&q);
	sbuf_release(&folded);
}

static void lint_perform(sg_lint_ctx *ctx, const struct do_body *b, const char *query, int lineno)
{
	/* PL/pgSQL hands PERFORM x to the server as "SELECT x". */
	size_t at = strncmp(query, "SELECT ", 7) ? SIZE_MAX : find_in_body(b, query + 7, lineno);

	if (at != SIZE_MAX && at >= 8)
		at -= 7;
	else
		at = SIZE_MAX;
	lint_embedded_sql(ctx, b, query, at);
}

struct do_walk {
	sg_lint_ctx *ctx;
	const struct do_body *body;
};

static bool visit_plpgsql(const sg_node *n, const char *tag, void *data)
{
	struct do_walk *w = data;
	int lineno = ast_int(n, "lineno", 1);
	const char *q;

	if (!strcmp(tag, "PLpgSQL_stmt_execsql")) {
		q = ast_str(ast_field(n, "sqlstmt"), "query");
		if (q)
			lint_embedded_sql(w->ctx, w->body, q, find_in_body(w->body, q, lineno));
	} else if (!strcmp(tag, "PLpgSQL_stmt_dynexecute") || !strcmp(tag, "PLpgSQL_stmt_dynfors")) {
		q = ast_str(ast_field(n, "query"), "query");
		if (q)
			lint_dynamic(w->ctx, w->body, q, lineno);
	} else if (!strcmp(tag, "PLpgSQL_stmt_perform")) {
		q = ast_str(ast_field(n, "expr"), "query");
		if (q)
			lint_perform(w->ctx, w->body, q, lineno);
	} else if (!strcmp(tag, "PLpgSQL_stmt_commit") || !strcmp(tag, "PLpgSQL_stmt_rollback")) {
		lint_state_end_transaction(w->ctx);
	}
	return false;
}

/* A dollar-quote tag that does not occur in `body`. */
static void pick_tag(sbuf *tag, const char *body)
{
	int n = 0;

	do {
		sbuf_reset(tag);
		sbuf_addf(tag, "$sg%d$", n++);
	} while (strstr(body, tag->buf));
}

static void parse_and_walk(sg_lint_ctx *ctx, const struct do_body *b)
{
	sbuf fn = SBUF_INIT, tag = SBUF_INIT;
	sg_node *tree = NULL;
	pg_parse_error err = { NULL, -1 };
	struct do_walk w = { ctx, b };
	size_t prefix;

	pick_tag(&tag, b->text);
	sbuf_addf(&fn, "CREATE FUNCTION sg_do() RETURNS void LANGUAGE plpgsql AS %s", tag.buf);
	prefix = fn.len;
	sbuf_adds(&fn, b->text);
	/* The newline keeps a body ending in "$sg0" from closing the quote early. */
	sbuf_addch(&fn, '\n');
	sbuf_adds(&fn, tag.buf);
	if (pg_parse_plpgsql(fn.buf, &tree, &err) < 0) {
		size_t off = b->outer->start;
		if (b->exact && err.offset >= (int)prefix)
			off = b->base + (size_t)err.offset - prefix;
		lint_driver_report(ctx, "syntax-error", off, off == b->outer->start ? b->outer->end : off + 1,
				   "%s (in PL/pgSQL the migration runs); it fails when it runs",
				   err.message);
		pg_parse_error_release(&err);
	} else {
		bool outer_commits = ctx->do_commits;

		ctx->do_commits = ast_find(tree, "PLpgSQL_stmt_commit") ||
				  ast_find(tree, "PLpgSQL_stmt_rollback");
		ctx->do_depth++;
		ast_walk(tree, visit_plpgsql, &w);
		ctx->do_depth--;
		ctx->do_commits = outer_commits;
	}
	ast_free(tree);
	sbuf_release(&fn);
	sbuf_release(&tag);
}

/*
 * Where a body literal's text starts in the file: `loc` is the literal (or
 * the AS before it, for CREATE FUNCTION); the body is exact there when the
 * literal's bytes are the body's bytes (dollar quotes, or '...' without
 * doubled quotes).
 */
static bool body_offset(const sg_stmt *st, int loc, const char *body, size_t *out)
{
	const char *text = st->text;
	size_t len = strlen(text), i, end, tag, skip;

	if (!st->exact || loc < 0 || (size_t)loc >= len)
		return false;
	i = (size_t)loc;
	if (pg_lex_token(text, len, i, &end) == PG_TOK_IDENT && !strncasecmp(text + i, "as", 2))
		i = pg_lex_skip_trivia(text, len, end);
	tag = pg_lex_dollar_tag(text + i, len - i);
	skip = tag ? tag : (text[i] == '\'' ? 1 : 0);
	if (!skip || strncmp(text + i + skip, body, strlen(body)))
		return false;
	*out = st->base + i + skip;
	return true;
}

/* Lint a routine body that runs now, as `lang` ("plpgsql" or "sql"). */
static void lint_body(sg_lint_ctx *ctx, const sg_stmt *outer, const char *body, const char *lang,
		      bool exact, size_t base)
{
	struct do_body b = { body, base, exact, outer };

	if (ctx->do_depth >= DO_MAX_DEPTH)
		return;
	if (!strcmp(lang, "plpgsql")) {
		parse_and_walk(ctx, &b);
	} else if (!strcmp(lang, "sql")) {
		ctx->do_depth++;
		lint_embedded_sql(ctx, &b, body, exact ? 0 : SIZE_MAX);
		ctx->do_depth--;
	}
}

void lint_do_block(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *as = NULL;
	const char *lang = "plpgsql", *body;
	size_t base = 0;

	AST_EACH(arg, ast_list(st->node, "args")) {
		const char *name = ast_str(arg, "defname");
		if (name && !strcmp(name, "as"))
			as = arg;
		else if (name && !strcmp(name, "language") && ast_str(arg, "arg"))
			lang = ast_str(arg, "arg");
	}
	body = as ? ast_str(as, "arg") : NULL;
	if (body && !strcmp(lang, "plpgsql")) {
		bool exact = body_offset(st, ast_location(as), body, &base);
		lint_body(ctx, st, body, lang, exact, base);
	}
}

/* ---- routines created in this run, run by CALL or SELECT ---- */

struct routine {
	char *body; /* owned */
	char *lang; /* owned */
	int file;   /* the file that created it */
	bool exact;
	size_t base; /* the body's offset in that file, when exact */
};

static void routine_free(void *p)
{
	struct routine *r = p;

	if (!r)
		return;
	free(r->body);
	free(r->lang);
	free(r);
}

void lint_routine_created(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *as = NULL;
	const char *lang = NULL;
	struct routine *r;
	char name[256];

	AST_EACH(opt, ast_list(st->node, "options")) {
		const char *n = ast_str(opt, "defname");
		if (n && !strcmp(n, "as"))
			as = opt;
		else if (n && !strcmp(n, "language"))
			lang = ast_str(opt, "arg");
	}
	/* AS 'body' is a list of one string; C functions have two. */
	if (!as || !lang || ast_len(ast_list(as, "arg")) != 1)
		return;
	r = xcalloc(1, sizeof(*r));
	r->body = xstrdup(ast_sval(ast_first(ast_list(as, "arg"))) ? ast_sval(ast_first(ast_list(as, "arg"))) : "");
	r->lang = xstrdup(lang);
	r->file = ctx->file_no;
	r->exact = body_offset(st, ast_location(as), r->body, &r->base);
	lint_qualified_name(ast_list(st->node, "funcname"), name, sizeof(name));
	sg_strmap_put(&ctx->routines, name, r);
}

struct call_walk {
	sg_lint_ctx *ctx;
	const sg_stmt *st;
};

static void lint_call(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *funccall)
{
	struct routine *r;
	char name[256];
	void *v;

	lint_qualified_name(ast_list(funccall, "funcname"), name, sizeof(name));
	if (!sg_strmap_get(&ctx->routines, name, &v))
		return;
	r = v;
	/* Positions are exact only in the file that holds the body. */
	lint_body(ctx, st, r->body, r->lang, r->exact && r->file == ctx->file_no, r->base);
}

static bool visit_call(const sg_node *n, const char *tag, void *data)
{
	struct call_walk *w = data;

	if (!strcmp(tag, "FuncCall"))
		lint_call(w->ctx, w->st, n);
	return false;
}

void lint_routine_calls(sg_lint_ctx *ctx, const sg_stmt *st)
{
	struct call_walk w = { ctx, st };

	if (!ctx->routines.nr)
		return;
	if (!strcmp(st->tag, "CallStmt"))
		lint_call(ctx, st, ast_field(st->node, "funccall"));
	else if (!strcmp(st->tag, "SelectStmt"))
		AST_EACH(t, ast_list(st->node, "targetList"))
			ast_walk(t, visit_call, &w);
}

void lint_routines_init(sg_lint_ctx *ctx)
{
	ctx->routines.free_value = routine_free;
}
