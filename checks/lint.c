/*
 * The lint driver.
 *
 * A file goes through four steps:
 *   1. raw checks on the bytes: NUL bytes and invalid UTF-8 are findings,
 *      psql meta-commands are reported and blanked out (same length, so
 *      every offset stays true), comments give suppressions and dbmate's
 *      up/down markers;
 *   2. one libpg_query parse of the whole text; on a syntax error the
 *      statements before the error are split with the scanner and parsed
 *      one by one, so they are still linted;
 *   3. each statement is judged by every enabled rule in the context left
 *      by the statements before it (transaction, timeouts, objects created
 *      in this run, locks held), then DO bodies are linted statement by
 *      statement, then the context is updated (lint_state.c);
 *   4. suppressions that suppressed nothing are reported.
 *
 * Positions: node locations are byte offsets into the parsed text; the
 * report gets 1-based lines and character columns from the file's line
 * index.
 */
#include "checks/lint.h"
#include "checks/lint_internal.h"
#include "checks/pg_lex.h"
#include "checks/pg_parse.h"
#include "checks/rule.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sg_lint_ctx_new(sg_lint_ctx **out, const sg_lint_options *opts, sg_report *report)
{
	sg_lint_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->opts = *opts;
	if (!ctx->opts.server_version)
		ctx->opts.server_version = 150000;
	ctx->report = report;
	ctx->rules = sg_rules_all(&ctx->nr_rules);
	ctx->next_runner_tx = SG_RUNNER_TX_DEFAULT;
	lint_state_init(ctx);
	*out = ctx;
	return 0;
}

void sg_lint_ctx_free(sg_lint_ctx *ctx)
{
	if (!ctx)
		return;
	lint_state_release(ctx);
	free(ctx);
}

/* ---- reporting ---- */

static size_t rule_index(const sg_lint_ctx *ctx, const sg_rule *r)
{
	size_t i;

	for (i = 0; i < ctx->nr_rules; i++)
		if (ctx->rules[i] == r)
			return i;
	return 0;
}

static bool rule_enabled(const sg_lint_ctx *ctx, size_t i)
{
	return !(ctx->opts.rule_disabled && ctx->opts.rule_disabled[i]);
}

static enum sg_severity rule_severity(const sg_lint_ctx *ctx, size_t i)
{
	if (ctx->opts.rule_severity && ctx->opts.rule_severity[i] >= 0)
		return (enum sg_severity)ctx->opts.rule_severity[i];
	return ctx->rules[i]->severity;
}

/*
 * The ignore window of the statement starting at `start`, for findings
 * made after the statement was linted (at the end of the file).
 */
static bool window_of(const sg_lint_ctx *ctx, size_t start, size_t *lo, size_t *hi)
{
	size_t a = 0, b = ctx->nr_windows;

	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (ctx->windows[mid].hi < start)
			a = mid + 1;
		else
			b = mid;
	}
	if (a == ctx->nr_windows || ctx->windows[a].hi != start)
		return false;
	*lo = ctx->windows[a].lo;
	*hi = ctx->windows[a].hi;
	return true;
}

/* Whether an ignore comment silences `rule` here (`start`, for span findings). */
static bool suppressed(sg_lint_ctx *ctx, const char *rule, bool file_level, size_t start)
{
	size_t i, lo = ctx->ignore_lo, hi = ctx->ignore_hi;
	bool hit = false, stmt = !file_level || window_of(ctx, start, &lo, &hi);

	for (i = 0; i < ctx->nr_ignores; i++) {
		struct lint_ignore *ig = &ctx->ignores[i];
		if (strcmp(ig->rule, rule))
			continue;
		if (ig->file_wide || (stmt && ig->offset >= lo && ig->offset < hi)) {
			ig->used = true;
			hit = true;
		}
	}
	return hit;
}

void lint_emit(sg_lint_ctx *ctx, const sg_rule *r, size_t start, size_t end, bool file_level,
	       const char *fmt, va_list ap)
{
	size_t i = rule_index(ctx, r);
	sg_finding *f;
	sg_pos a, b;
	sbuf msg = SBUF_INIT;

	if (!rule_enabled(ctx, i) || suppressed(ctx, r->id, file_level, start))
		return;
	if (end < start)
		end = start;
	a = sg_text_pos(ctx->lines, start);
	b = sg_text_pos(ctx->lines, end);
	sbuf_vaddf(&msg, fmt, ap);
	f = sg_report_add(ctx->report);
	f->rule = xstrdup(r->id);
	f->severity = rule_severity(ctx, i);
	f->source = SG_SRC_LINT;
	f->file = xstrdup(ctx->path);
	f->line = a.line;
	f->column = a.column;
	f->end_line = b.line;
	f->end_column = b.column;
	f->message = sbuf_detach(&msg);
	f->help = r->help ? xstrdup(r->help) : NULL;
}

void lint_driver_report(sg_lint_ctx *ctx, const char *rule_id, size_t start, size_t end,
			const char *fmt, ...)
{
	const sg_rule *r = sg_rule_find(rule_id);
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	lint_emit(ctx, r, start, end, false, fmt, ap);
	va_end(ap);
}

/* File offset of a location in the statement's parsed text. */
static size_t map_offset(const sg_stmt *st, int loc)
{
	if (loc < 0 || !st->exact)
		return st->start;
	return st->base + (size_t)loc;
}

/*
 * The i-th sub-command of an ALTER TABLE, in parsed-text offsets: they are
 * the comma-separated clauses after the relation name.
 */
static bool alter_cmd_range(const sg_stmt *st, size_t want, size_t *from, size_t *to)
{
	const char *s = st->text;
	size_t text_end = st->end - st->base, i, e, n;
	int loc = ast_location(ast_field(st->node, "relation"));
	enum pg_tok k;

	if (loc < 0 || (size_t)loc >= text_end)
		return false;
	/* Skip the relation name: ident [. ident [. ident]] [*] */
	i = (size_t)loc;
	for (n = 0; n < 5 && i < text_end; n++) {
		k = pg_lex_token(s, text_end, i, &e);
		if (k == PG_TOK_IDENT || (k == PG_TOK_OTHER && (s[i] == '.' || s[i] == '*')))
			i = e;
		else
			break;
	}
	for (n = 0;; n++) {
		i = pg_lex_skip_trivia(s, text_end, i);
		e = pg_lex_clause_end(s, i, text_end);
		if (n == want) {
			*from = i;
			*to = e;
			return i < text_end;
		}
		i = pg_lex_skip_trivia(s, text_end, e);
		if (i >= text_end || s[i] != ',')
			return false;
		i++;
	}
}

static void node_range(const sg_stmt *st, const sg_node *at, size_t *start, size_t *end)
{
	size_t from, to, idx = 0;
	int loc;

	*start = st->start;
	*end = st->end;
	if (!at || !st->exact)
		return;
	if (ast_is(at, "AlterTableCmd")) {
		AST_EACH(cmd, ast_list(st->node, "cmds")) {
			if (cmd == at && alter_cmd_range(st, idx, &from, &to)) {
				*start = st->base + from;
				*end = st->base + to;
				return;
			}
			idx++;
		}
		return;
	}
	loc = ast_location(at);
	if (loc < 0)
		loc = ast_min_location(at);
	if (loc < 0)
		return;
	*start = map_offset(st, loc);
	if (*start < st->start || *start > st->end) {
		*start = st->start;
		return;
	}
	*end = st->base + pg_lex_clause_end(st->text, (size_t)loc, st->end - st->base);
	if (*end <= *start)
		*end = st->end;
}

void lint_report(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at, const char *fmt, ...)
{
	size_t start, end;
	va_list ap;

	node_range(st, at, &start, &end);
	va_start(ap, fmt);
	lint_emit(ctx, ctx->rule, start, end, false, fmt, ap);
	va_end(ap);
}

void lint_report_span(sg_lint_ctx *ctx, size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lint_emit(ctx, ctx->rule, start, end, true, fmt, ap);
	va_end(ap);
}

/* ---- step 1: bytes, comments, meta-commands ---- */

/* ---- preparing a file: pure work on its bytes, safe on any thread ---- */

struct span {
	size_t offset, len;
};

struct sg_lint_input {
	char *text; /* owned: NUL bytes and meta-commands blanked */
	size_t len;
	sg_text lines;
	size_t first_bad;       /* offset of the first byte that is not UTF-8, or len */
	unsigned char bad_byte; /* its value */
	struct span *comments, *metas; /* owned */
	size_t nr_comments, alloc_comments, nr_metas, alloc_metas;
	sg_node *tree; /* owned, NULL when the text does not parse */
	pg_parse_error err;
};

static void record_comment(enum pg_tok kind, size_t offset, size_t len, void *data)
{
	sg_lint_input *in = data;

	(void)kind;
	*VEC_PUSH(in->comments, in->nr_comments, in->alloc_comments) = (struct span){ offset, len };
}

/* Meta-commands are blanked (newlines kept) so offsets stay true for the parser. */
static void record_meta(enum pg_tok kind, size_t offset, size_t len, void *data)
{
	sg_lint_input *in = data;
	size_t i;

	(void)kind;
	*VEC_PUSH(in->metas, in->nr_metas, in->alloc_metas) = (struct span){ offset, len };
	for (i = offset; i < offset + len; i++)
		if (in->text[i] != '\n')
			in->text[i] = ' ';
}

int sg_lint_prepare(sg_lint_input **out, const char *data, size_t len)
{
	sg_lint_input *in = xcalloc(1, sizeof(*in));
	size_t i;

	in->text = xstrndup(data, len);
	in->len = len;
	in->err.offset = -1;
	sg_text_init(&in->lines, in->text, len);
	in->first_bad = utf8_first_invalid(in->text, len);
	if (in->first_bad < len)
		in->bad_byte = (unsigned char)in->text[in->first_bad];
	/* NUL would end the C string handed to the parser: parse it as a space. */
	for (i = 0; i < len; i++)
		if (in->text[i] == '\0')
			in->text[i] = ' ';
	pg_lex_scan_comments(in->text, len, record_comment, record_meta, in);
	if (pg_parse_sql(in->text, &in->tree, &in->err) < 0)
		in->tree = NULL;
	*out = in;
	return 0;
}

void sg_lint_input_free(sg_lint_input *in)
{
	if (!in)
		return;
	ast_free(in->tree);
	pg_parse_error_release(&in->err);
	sg_text_release(&in->lines);
	free(in->comments);
	free(in->metas);
	free(in->text);
	free(in);
}

/* ---- step 1: bytes, comments, meta-commands ---- */

static void report_bytes(sg_lint_ctx *ctx, const sg_lint_input *in)
{
	size_t bad = in->first_bad;

	if (bad >= in->len)
		return;
	if (in->bad_byte == 0)
		lint_driver_report(ctx, "syntax-error", bad, bad + 1,
				   "the file contains a NUL byte, which PostgreSQL rejects; "
				   "remove it (is this a binary file?)");
	else
		lint_driver_report(ctx, "syntax-error", bad, bad + 1,
				   "invalid UTF-8 byte 0x%02x: PostgreSQL rejects the statement; "
				   "save the file as UTF-8",
				   in->bad_byte);
}

static void add_ignores(sg_lint_ctx *ctx, size_t offset, const char *p, const char *end,
			bool file_wide)
{
	while (p < end) {
		const char *q;
		struct lint_ignore *ig;

		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p + 1 < end && p[0] == '-' && p[1] == '-')
			break; /* the rest is a reason */
		q = p;
		while (q < end && *q != ' ' && *q != '\t' && *q != ',' && *q != '\r')
			q++;
		if (q == p)
			break;
		ig = VEC_PUSH(ctx->ignores, ctx->nr_ignores, ctx->alloc_ignores);
		memset(ig, 0, sizeof(*ig));
		ig->rule = xstrndup(p, (size_t)(q - p));
		ig->offset = offset;
		ig->file_wide = file_wide;
		p = q;
	}
}

static bool starts_with(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && !memcmp(p, word, n);
}

static void read_comment(sg_lint_ctx *ctx, size_t offset, size_t len)
{
	const char *p = ctx->text + offset + 2, *end = ctx->text + offset + len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (starts_with(p, end, "schemagate:ignore-file"))
		add_ignores(ctx, offset, p + 22, end, true);
	else if (starts_with(p, end, "schemagate:ignore"))
		add_ignores(ctx, offset, p + 17, end, false);
	else if (starts_with(p, end, "migrate:up")) {
		ctx->dbmate = true;
		if (memmem(p, (size_t)(end - p), "transaction:false", 17))
			ctx->no_transaction = true;
	} else if (starts_with(p, end, "migrate:down")) {
		ctx->dbmate = true;
		if (ctx->down_from == SIZE_MAX)
			ctx->down_from = offset;
	}
}

static void report_meta(sg_lint_ctx *ctx, const char *original, size_t offset, size_t len)
{
	size_t end = offset + len, word = offset + 1;

	while (end > offset && (original[end - 1] == ' ' || original[end - 1] == '\t' ||
				original[end - 1] == '\r'))
		end--;
	while (word < end && original[word] != ' ' && original[word] != '\t')
		word++;
	lint_driver_report(ctx, "psql-meta-command", offset, end,
			   "psql meta-command '%.*s' is not SQL: it was skipped and what it does "
			   "is not linted",
			   (int)(word - offset), original + offset);
}

static void report_unused_ignores(sg_lint_ctx *ctx)
{
	size_t i;

	ctx->ignore_lo = ctx->ignore_hi = 0;
	for (i = 0; i < ctx->nr_ignores; i++) {
		struct lint_ignore *ig = &ctx->ignores[i];
		size_t end = ig->offset;

		while (end < ctx->len && ctx->text[end] != '\n' && ctx->text[end] != '\r')
			end++;
		if (!sg_rule_find(ig->rule))
			lint_driver_report(ctx, "unknown-ignore-rule", ig->offset, end,
					   "'%s' is not a schemagate rule; `schemagate rules` lists them",
					   ig->rule);
		else if (!ig->used)
			lint_driver_report(ctx, "unused-ignore", ig->offset, end,
					   "this ignore of '%s' suppresses nothing; remove it", ig->rule);
	}
}

/* ---- step 3: one statement ---- */

static void run_rules(sg_lint_ctx *ctx, const sg_stmt *st)
{
	size_t i;

	for (i = 0; i < ctx->nr_rules; i++) {
		const sg_rule *r = ctx->rules[i];
		if (!r->check || !rule_enabled(ctx, i))
			continue;
		if ((r->flags & SG_RULE_UP_ONLY) && lint_is_down(ctx))
			continue;
		ctx->rule = r;
		r->check(ctx, st);
	}
	ctx->rule = NULL;
}

void lint_statement(sg_lint_ctx *ctx, const sg_stmt *st)
{
	run_rules(ctx, st);
	if (!strcmp(st->tag, "DoStmt"))
		lint_do_block(ctx, st);
	else
		lint_routine_calls(ctx, st);
	if (!strcmp(st->tag, "CreateFunctionStmt") && !ctx->in_down_section)
		lint_routine_created(ctx, st);
	lint_state_update(ctx, st);
}

/*
 * Where a statement ends. The parser's length runs up to the ';', so only
 * whitespace can trail; the last statement runs to the end of the text,
 * where comments may follow it.
 */
static size_t statement_end(const char *text, size_t start, size_t end, bool last)
{
	if (last)
		return pg_lex_trim_end(text, start, end);
	while (end > start && strchr(" \t\r\n\f\v", text[end - 1]))
		end--;
	return end;
}

/*
 * Lint the statements of a parse tree whose locations are offsets into
 * `text`, which sits at `base` in the file. `outer` is the DO statement
 * when this is SQL run from inside one.
 */
void lint_tree(sg_lint_ctx *ctx, const sg_node *tree, const char *text, size_t base, bool exact,
	       const sg_stmt *outer)
{
	size_t text_len = strlen(text);

	AST_EACH(raw, ast_list(tree, "stmts")) {
		const sg_node *node = ast_field(raw, "stmt");
		size_t loc = (size_t)ast_int(raw, "stmt_location", 0);
		size_t len = (size_t)ast_int(raw, "stmt_len", 0);
		bool last;
		sg_stmt st;

		if (!node || !ast_tag(node) || loc > text_len)
			continue;
		last = len == 0 || loc + len > text_len;
		if (last)
			len = text_len - loc;
		memset(&st, 0, sizeof(st));
		st.node = node;
		st.tag = ast_tag(node);
		st.text = text;
		st.base = base;
		st.exact = exact;
		if (outer && !exact) {
			st.start = outer->start;
			st.end = outer->end;
		} else {
			st.start = base + pg_lex_skip_trivia(text, loc + len, loc);
			st.end = base + statement_end(text, st.start - base, loc + len, last);
		}
		st.in_do = outer != NULL;
		if (!outer) {
			/* Comments between the previous statement and this one apply to it. */
			ctx->ignore_lo = ctx->prev_end;
			ctx->ignore_hi = st.start;
			if (!ctx->in_down_section && st.start > ctx->down_from) {
				/* dbmate runs the down section as a migration of its own. */
				ctx->explicit_tx = 0;
				lint_state_end_transaction(ctx);
			}
			ctx->in_down_section = ctx->file_is_down || st.start > ctx->down_from;
			ctx->report->statements++;
			*VEC_PUSH(ctx->windows, ctx->nr_windows, ctx->alloc_windows) =
				(struct lint_window){ ctx->prev_end, st.start };
		}
		lint_statement(ctx, &st);
		if (!outer) {
			ctx->prev_end = st.end;
			ctx->stmt_index++;
		}
	}
}

/* ---- prepared inputs, for those that run the statements (dry-run, apply) ---- */

const char *sg_lint_input_text(const sg_lint_input *in)
{
	return in->text;
}

bool sg_lint_input_parsed(const sg_lint_input *in)
{
	return in->tree != NULL;
}

const sg_text *sg_lint_input_lines(const sg_lint_input *in)
{
	return &in->lines;
}

size_t sg_lint_input_statements(const sg_lint_input *in, sg_stmt_span **out)
{
	size_t nr = 0, alloc = 0;

	*out = NULL;
	if (!in->tree)
		return 0;
	AST_EACH(raw, ast_list(in->tree, "stmts")) {
		const sg_node *node = ast_field(raw, "stmt");
		size_t loc = (size_t)ast_int(raw, "stmt_location", 0);
		size_t len = (size_t)ast_int(raw, "stmt_len", 0);
		bool last = len == 0 || loc + len > in->len;
		sg_stmt_span *sp;

		if (!node || !ast_tag(node) || loc > in->len)
			continue;
		if (last)
			len = in->len - loc;
		sp = VEC_PUSH(*out, nr, alloc);
		sp->node = node;
		sp->start = pg_lex_skip_trivia(in->text, loc + len, loc);
		sp->end = statement_end(in->text, sp->start, loc + len, last);
	}
	return nr;
}

bool sg_lint_input_dbmate(const sg_lint_input *in, bool *no_transaction, size_t *down_from)
{
	bool dbmate = false;
	size_t i;

	*no_transaction = false;
	*down_from = SIZE_MAX;
	for (i = 0; i < in->nr_comments; i++) {
		const char *p = in->text + in->comments[i].offset + 2;
		const char *end = in->text + in->comments[i].offset + in->comments[i].len;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (starts_with(p, end, "migrate:up")) {
			dbmate = true;
			if (memmem(p, (size_t)(end - p), "transaction:false", 17))
				*no_transaction = true;
		} else if (starts_with(p, end, "migrate:down") && *down_from == SIZE_MAX) {
			dbmate = true;
			*down_from = in->comments[i].offset;
		}
	}
	return dbmate;
}

/* ---- step 2: parse, or parse what precedes a syntax error ---- */

static void lint_prefix_before_error(sg_lint_ctx *ctx, size_t err_offset)
{
	pg_split_stmt *pieces = NULL;
	pg_parse_error err = { NULL, -1 };
	size_t nr = 0, i;
	char *prefix = xstrndup(ctx->text, err_offset);

	if (pg_split_sql(prefix, &pieces, &nr, &err) < 0) {
		pg_parse_error_release(&err);
		nr = 0;
	}
	/* The last piece holds the error itself; everything before it parses alone. */
	for (i = 0; i + 1 < nr; i++) {
		char *piece = xstrndup(ctx->text + pieces[i].offset, pieces[i].len);
		sg_node *tree = NULL;

		if (pg_parse_sql(piece, &tree, &err) == 0)
			lint_tree(ctx, tree, piece, pieces[i].offset, true, NULL);
		else
			pg_parse_error_release(&err);
		ast_free(tree);
		free(piece);
	}
	free(pieces);
	free(prefix);
}

static void lint_after_syntax_error(sg_lint_ctx *ctx, const pg_parse_error *err)
{
	size_t at = err->offset >= 0 ? (size_t)err->offset : 0, end = at;

	if (at < ctx->len)
		pg_lex_token(ctx->text, ctx->len, at, &end);
	if (end > at + 200)
		end = at + 1;
	lint_driver_report(ctx, "syntax-error", at, end,
			   "%s; PostgreSQL will reject this file, so fix the statement first",
			   err->message ? err->message : "syntax error");
	if (err->offset > 0)
		lint_prefix_before_error(ctx, (size_t)err->offset);
}

int sg_lint_input_lint(sg_lint_ctx *ctx, const char *path, const char *original,
		       const sg_lint_input *in, bool is_down)
{
	size_t i;

	ctx->path = path;
	ctx->text = in->text;
	ctx->len = in->len;
	ctx->lines = &in->lines;
	ctx->file_is_down = is_down;
	sg_report_checked(ctx->report, path);
	lint_state_begin_file(ctx);

	for (i = 0; i < in->nr_comments; i++)
		read_comment(ctx, in->comments[i].offset, in->comments[i].len);
	report_bytes(ctx, in);
	for (i = 0; i < in->nr_metas; i++)
		report_meta(ctx, original, in->metas[i].offset, in->metas[i].len);
	lint_state_begin_transaction_mode(ctx, in->tree);
	if (in->tree)
		lint_tree(ctx, in->tree, ctx->text, 0, true, NULL);
	else
		lint_after_syntax_error(ctx, &in->err);
	lint_end_file(ctx);
	report_unused_ignores(ctx);

	lint_state_end_file(ctx);
	ctx->text = NULL;
	ctx->lines = NULL;
	return 0;
}

int sg_lint_text(sg_lint_ctx *ctx, const char *path, const char *data, size_t len, bool is_down)
{
	sg_lint_input *in;
	int rc;

	sg_lint_prepare(&in, data, len);
	rc = sg_lint_input_lint(ctx, path, data, in, is_down);
	sg_lint_input_free(in);
	return rc;
}

void lint_end_file(sg_lint_ctx *ctx)
{
	size_t i;

	ctx->ignore_lo = ctx->ignore_hi = ctx->len;
	for (i = 0; i < ctx->nr_rules; i++) {
		const sg_rule *r = ctx->rules[i];
		if (!r->check_end || !rule_enabled(ctx, i))
			continue;
		ctx->rule = r;
		r->check_end(ctx);
	}
	ctx->rule = NULL;
}
