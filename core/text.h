#ifndef SG_TEXT_H
#define SG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A source text with a line index, to turn byte offsets (what parsers give)
 * into 1-based line and column numbers counted in characters (what editors
 * and CI annotations expect). Invalid UTF-8 bytes count as one character
 * each.
 */
typedef struct sg_text {
	const char *data; /* borrowed */
	size_t len;
	size_t *line_start; /* owned: byte offset where each line begins */
	bool *line_ascii;   /* owned: the line holds only ASCII, so columns are bytes */
	size_t nr_lines;
	size_t alloc_lines, alloc_ascii;
} sg_text;

typedef struct sg_pos {
	int line;
	int column;
} sg_pos;

void sg_text_init(sg_text *t, const char *data, size_t len);
void sg_text_release(sg_text *t);
sg_pos sg_text_pos(const sg_text *t, size_t offset);

/* Length of the valid UTF-8 sequence at s (0 when invalid or truncated). */
size_t utf8_sequence_len(const unsigned char *s, size_t avail);
/* Offset of the first byte that is not valid UTF-8, or len when all is. */
size_t utf8_first_invalid(const char *s, size_t len);
/* The value of a hexadecimal digit, or -1. */
int hex_digit_value(char c);

#endif
