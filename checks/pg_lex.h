#ifndef SG_PG_LEX_H
#define SG_PG_LEX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A small lexical scanner for what the grammar does not give us: comments
 * (suppressions), psql meta-commands (which are not SQL), and the byte
 * ranges of clauses inside a statement (libpg_query has no end positions).
 * It knows PostgreSQL's quoting rules (strings, E'' escapes, quoted
 * identifiers, dollar quotes, nested block comments) and never fails: an
 * unterminated construct runs to the end of the text.
 */
enum pg_tok {
	PG_TOK_SPACE,
	PG_TOK_LINE_COMMENT,
	PG_TOK_BLOCK_COMMENT,
	PG_TOK_STRING, /* '...', E'...', $tag$...$tag$ */
	PG_TOK_IDENT,  /* bare or "quoted" identifier or keyword */
	PG_TOK_OTHER,  /* one character of punctuation or an operator/number */
	PG_TOK_END,
};

/* Kind and end offset of the token starting at `i` (i < len). */
enum pg_tok pg_lex_token(const char *s, size_t len, size_t i, size_t *end);

/* First offset at or after `i` that is not whitespace or a comment. */
size_t pg_lex_skip_trivia(const char *s, size_t len, size_t i);

/* Offset just past the last token that is not trivia or ';' in [from, to). */
size_t pg_lex_trim_end(const char *s, size_t from, size_t to);

/*
 * End of the clause that starts at `from`: the first ',' or unmatched ')'
 * or ']' at nesting depth zero, or `to`. Trailing trivia is excluded.
 */
size_t pg_lex_clause_end(const char *s, size_t from, size_t to);

/*
 * Calls `fn` for each psql meta-command (a backslash outside quotes up to
 * the end of its line) and for each `--` comment, in order.
 */
typedef void (*pg_lex_fn)(enum pg_tok kind, size_t offset, size_t len, void *data);
void pg_lex_scan_comments(const char *s, size_t len, pg_lex_fn on_comment, pg_lex_fn on_meta,
			  void *data);

/* Byte length of the dollar-quote opening tag at s ("$tag$"), 0 if none. */
size_t pg_lex_dollar_tag(const char *s, size_t len);

#endif
