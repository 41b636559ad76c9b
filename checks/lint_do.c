/*
 * DO blocks run when the migration runs, so the SQL inside them is linted
 * like any other statement, with positions in the file.
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
				   "%s (in SQL run by a DO block); the block will fail when it runs",
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
				   "%s (in a DO block); the block will fail when it runs", err.message);
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

void lint_do_block(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *as = NULL;
	const char *lang = NULL, *body;
	struct do_body b = { NULL, 0, false, st };
	int loc;

	AST_EACH(arg, ast_list(st->node, "args")) {
		const char *name = ast_str(arg, "defname");
		if (name && !strcmp(name, "as"))
			as = arg;
		else if (name && !strcmp(name, "language"))
			lang = ast_str(arg, "arg");
	}
	body = as ? ast_str(as, "arg") : NULL;
	if (!body || (lang && strcmp(lang, "plpgsql")) || ctx->do_depth >= DO_MAX_DEPTH)
		return;
	b.text = body;
	loc = ast_location(as);
	if (st->exact && loc >= 0) {
		const char *lit = st->text + loc;
		size_t tag = pg_lex_dollar_tag(lit, strlen(lit));
		size_t skip = tag ? tag : (lit[0] == '\'' ? 1 : 0);

		if (skip && !strncmp(lit + skip, body, strlen(body))) {
			b.base = st->base + (size_t)loc + skip;
			b.exact = true;
		}
	}
	parse_and_walk(ctx, &b);
}
