/*
 * Lexical scanning of PostgreSQL text (see pg_lex.h). It follows the
 * server's scan.l closely enough for its purposes: it must never mistake
 * the inside of a string or a dollar-quoted body for code, because a
 * "comment" found inside a function body would silently suppress a
 * finding, and a "meta-command" found in a string would hide SQL.
 */
#include "checks/pg_lex.h"

#include <string.h>

static bool ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

size_t pg_lex_dollar_tag(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 2 || s[0] != '$')
		return 0;
	if (s[1] == '$')
		return 2;
	if (!ident_start((unsigned char)s[1]))
		return 0;
	while (i < len && ident_char((unsigned char)s[i]) && s[i] != '$')
		i++;
	return i < len && s[i] == '$' ? i + 1 : 0;
}

static size_t skip_quoted(const char *s, size_t len, size_t i, char q, bool backslash)
{
	for (i++; i < len; i++) {
		if (backslash && s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == q) {
			if (i + 1 < len && s[i + 1] == q) {
				i++;
				continue;
			}
			return i + 1;
		}
	}
	return len;
}

static size_t skip_block_comment(const char *s, size_t len, size_t i)
{
	int depth = 0;

	while (i < len) {
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			depth++;
			i += 2;
		} else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
			i += 2;
			if (--depth == 0)
				return i;
		} else {
			i++;
		}
	}
	return len;
}

static size_t skip_dollar(const char *s, size_t len, size_t i, size_t tag)
{
	size_t j;

	for (j = i + tag; j + tag <= len; j++)
		if (s[j] == '$' && !memcmp(s + j, s + i, tag))
			return j + tag;
	return len;
}

enum pg_tok pg_lex_token(const char *s, size_t len, size_t i, size_t *end)
{
	unsigned char c = (unsigned char)s[i];
	bool after_ident = i > 0 && ident_char((unsigned char)s[i - 1]);
	size_t tag;

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*end = i + 1;
		return PG_TOK_SPACE;
	}
	if (c == '-' && i + 1 < len && s[i + 1] == '-') {
		const char *nl = memchr(s + i, '\n', len - i);
		*end = nl ? (size_t)(nl - s) : len;
		return PG_TOK_LINE_COMMENT;
	}
	if (c == '/' && i + 1 < len && s[i + 1] == '*') {
		*end = skip_block_comment(s, len, i);
		return PG_TOK_BLOCK_COMMENT;
	}
	if (c == '\'') {
		bool esc = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
			   !(i > 1 && ident_char((unsigned char)s[i - 2]));
		*end = skip_quoted(s, len, i, '\'', esc);
		return PG_TOK_STRING;
	}
	if (c == '"') {
		*end = skip_quoted(s, len, i, '"', false);
		return PG_TOK_IDENT;
	}
	if (c == '$' && !after_ident && (tag = pg_lex_dollar_tag(s + i, len - i))) {
		*end = skip_dollar(s, len, i, tag);
		return PG_TOK_STRING;
	}
	if (ident_start(c)) {
		size_t j = i + 1;
		/* E'..', B'..', X'..', U&'..' prefixes belong to the string that follows. */
		while (j < len && ident_char((unsigned char)s[j]))
			j++;
		*end = j;
		return PG_TOK_IDENT;
	}
	*end = i + 1;
	return PG_TOK_OTHER;
}

size_t pg_lex_skip_trivia(const char *s, size_t len, size_t i)
{
	size_t end;

	while (i < len) {
		enum pg_tok k = pg_lex_token(s, len, i, &end);
		if (k != PG_TOK_SPACE && k != PG_TOK_LINE_COMMENT && k != PG_TOK_BLOCK_COMMENT)
			return i;
		i = end;
	}
	return len;
}

size_t pg_lex_trim_end(const char *s, size_t from, size_t to)
{
	size_t i = from, end, last = from;

	while (i < to) {
		enum pg_tok k = pg_lex_token(s, to, i, &end);
		if (k != PG_TOK_SPACE && k != PG_TOK_LINE_COMMENT && k != PG_TOK_BLOCK_COMMENT &&
		    !(k == PG_TOK_OTHER && s[i] == ';'))
			last = end;
		i = end;
	}
	return last;
}

size_t pg_lex_clause_end(const char *s, size_t from, size_t to)
{
	size_t i = from, end;
	int depth = 0;

	while (i < to) {
		enum pg_tok k = pg_lex_token(s, to, i, &end);
		if (k == PG_TOK_OTHER) {
			char c = s[i];
			if (c == '(' || c == '[') {
				depth++;
			} else if (c == ')' || c == ']') {
				if (depth-- == 0)
					break;
			} else if ((c == ',' || c == ';') && depth == 0) {
				break;
			}
		}
		i = end;
	}
	return pg_lex_trim_end(s, from, i);
}

/*
 * The scan runs over every byte of every file, so it skips the bytes that
 * cannot start a comment, a quoted token or a meta-command with one table
 * look-up each, and hands only those to pg_lex_token.
 */
void pg_lex_scan_comments(const char *s, size_t len, pg_lex_fn on_comment, pg_lex_fn on_meta,
			  void *data)
{
	static const unsigned char special[256] = {
		['-'] = 1, ['/'] = 1, ['\''] = 1, ['"'] = 1, ['$'] = 1, ['\\'] = 1,
	};
	size_t i = 0, end;

	while (i < len) {
		enum pg_tok k;

		if (!special[(unsigned char)s[i]]) {
			i++;
			continue;
		}
		k = pg_lex_token(s, len, i, &end);
		if (k == PG_TOK_LINE_COMMENT && on_comment) {
			on_comment(k, i, end - i, data);
		} else if (k == PG_TOK_OTHER && s[i] == '\\') {
			const char *nl = memchr(s + i, '\n', len - i);
			end = nl ? (size_t)(nl - s) : len;
			if (on_meta)
				on_meta(k, i, end - i, data);
		}
		i = end;
	}
}
