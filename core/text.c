/*
 * Line index and UTF-8 helpers. Columns are characters, not bytes, because
 * that is what GitHub, GitLab and editors count; a finding in a line with an
 * accented identifier must still point at the right character.
 */
#include "core/text.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether the `n` bytes at `s` are all ASCII, eight at a time. */
static bool all_ascii(const char *s, size_t n)
{
	uint64_t high = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		high |= w;
	}
	for (; i < n; i++)
		high |= (unsigned char)s[i];
	return !(high & 0x8080808080808080ull);
}

void sg_text_init(sg_text *t, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *nl;
	size_t nr_ascii = 0;

	memset(t, 0, sizeof(*t));
	t->data = data;
	t->len = len;
	*VEC_PUSH(t->line_start, t->nr_lines, t->alloc_lines) = 0;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		*VEC_PUSH(t->line_ascii, nr_ascii, t->alloc_ascii) = all_ascii(p, (size_t)(nl - p));
		*VEC_PUSH(t->line_start, t->nr_lines, t->alloc_lines) = (size_t)(nl + 1 - data);
		p = nl + 1;
	}
	*VEC_PUSH(t->line_ascii, nr_ascii, t->alloc_ascii) = all_ascii(p, (size_t)(end - p));
}

void sg_text_release(sg_text *t)
{
	free(t->line_start);
	free(t->line_ascii);
	memset(t, 0, sizeof(*t));
}

sg_pos sg_text_pos(const sg_text *t, size_t offset)
{
	size_t lo = 0, hi = t->nr_lines, i;
	sg_pos pos;
	int col = 1;

	if (offset > t->len)
		offset = t->len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->line_start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	pos.line = (int)lo + 1;
	/* A long line of ASCII (a minified file) must not cost a scan per finding. */
	if (t->line_ascii[lo]) {
		pos.column = (int)(offset - t->line_start[lo]) + 1;
		return pos;
	}
	for (i = t->line_start[lo]; i < offset;) {
		size_t n = utf8_sequence_len((const unsigned char *)t->data + i, t->len - i);
		i += n ? n : 1;
		col++;
	}
	pos.column = col;
	return pos;
}

size_t utf8_sequence_len(const unsigned char *s, size_t avail)
{
	size_t n, i;
	unsigned int cp;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t utf8_first_invalid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint64_t w;

		/* Eight ASCII bytes with no NUL among them: valid, skipped at once. */
		if (i + 8 <= len && (memcpy(&w, s + i, 8),
				     !(w & 0x8080808080808080ull) &&
				     !((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull))) {
			i += 8;
			continue;
		}
		size_t n = utf8_sequence_len((const unsigned char *)s + i, len - i);
		if (!n || (n == 1 && s[i] == '\0'))
			return i;
		i += n;
	}
	return len;
}

int hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
