/*
 * Constant folding of string expressions (see pg_fold.h). Only what is
 * certain is folded: one unknown argument and the whole expression is
 * unknown, so nothing is ever linted that the server would not run.
 */
#include "checks/pg_fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 32
#define MAX_DEPTH 32

static bool fold(const sg_node *e, sbuf *out, int depth);

/* quote_ident(): always quoted, which means the same and is never a keyword. */
static void add_ident(sbuf *out, const char *s)
{
	sbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addch(out, '"');
		sbuf_addch(out, *s);
	}
	sbuf_addch(out, '"');
}

static void add_literal(sbuf *out, const char *s)
{
	sbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_addch(out, '\'');
		sbuf_addch(out, *s);
	}
	sbuf_addch(out, '\'');
}

static bool fold_const(const sg_node *c, sbuf *out)
{
	const sg_node *iv = ast_field(c, "ival");

	if (ast_sval(c)) {
		sbuf_adds(out, ast_sval(c));
		return true;
	}
	if (iv) {
		sbuf_addf(out, "%d", ast_int(iv, "ival", 0));
		return true;
	}
	return false;
}

/* The folded values of a function's arguments, owned by the caller. */
static int fold_args(const sg_node *args, sbuf *vals, int depth)
{
	int n = 0;

	AST_EACH(a, args) {
		if (n == MAX_ARGS || !fold(a, &vals[n], depth))
			return -1;
		n++;
	}
	return n;
}

static bool apply_format(const char *f, const sbuf *vals, int n, sbuf *out)
{
	int next = 1;

	for (; *f; f++) {
		int i;

		if (*f != '%') {
			sbuf_addch(out, *f);
			continue;
		}
		if (*++f == '%') {
			sbuf_addch(out, '%');
			continue;
		}
		i = next;
		if (isdigit((unsigned char)*f)) {
			char *end;
			i = (int)strtol(f, &end, 10);
			if (*end != '$')
				return false; /* a width: not folded */
			f = end + 1;
		}
		if (i < 1 || i >= n)
			return false;
		next = i + 1;
		if (*f == 's')
			sbuf_adds(out, vals[i].buf);
		else if (*f == 'I')
			add_ident(out, vals[i].buf);
		else if (*f == 'L')
			add_literal(out, vals[i].buf);
		else
			return false;
	}
	return true;
}

static bool fold_call(const sg_node *call, sbuf *out, int depth)
{
	const char *fn = ast_name_last(ast_list(call, "funcname"));
	sbuf vals[MAX_ARGS];
	int n, i;
	bool ok = false;

	if (!fn)
		return false;
	for (i = 0; i < MAX_ARGS; i++)
		sbuf_init(&vals[i]);
	n = fold_args(ast_list(call, "args"), vals, depth);
	if (n >= 1 && !strcmp(fn, "format")) {
		ok = apply_format(vals[0].buf, vals, n, out);
	} else if (n == 1 && !strcmp(fn, "quote_ident")) {
		add_ident(out, vals[0].buf);
		ok = true;
	} else if (n == 1 && !strcmp(fn, "quote_literal")) {
		add_literal(out, vals[0].buf);
		ok = true;
	} else if (n >= 0 && !strcmp(fn, "concat")) {
		for (i = 0; i < n; i++)
			sbuf_adds(out, vals[i].buf);
		ok = true;
	}
	for (i = 0; i < MAX_ARGS; i++)
		sbuf_release(&vals[i]);
	return ok;
}

static bool fold(const sg_node *e, sbuf *out, int depth)
{
	const char *tag = ast_tag(e);

	if (!tag || depth > MAX_DEPTH)
		return false;
	if (!strcmp(tag, "A_Const"))
		return fold_const(e, out);
	if (!strcmp(tag, "TypeCast"))
		return fold(ast_field(e, "arg"), out, depth + 1);
	if (!strcmp(tag, "FuncCall"))
		return fold_call(e, out, depth + 1);
	if (!strcmp(tag, "A_Expr")) {
		const char *op = ast_name_last(ast_list(e, "name"));
		return op && !strcmp(op, "||") && fold(ast_field(e, "lexpr"), out, depth + 1) &&
		       fold(ast_field(e, "rexpr"), out, depth + 1);
	}
	return false;
}

bool pg_fold_string(const sg_node *expr, sbuf *out)
{
	return fold(expr, out, 0);
}
