/* JSON output (see json_out.h). */
#include "gate/json_out.h"
#include "core/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One character that needs more than copying: an escape, or U+FFFD for a broken byte. */
static size_t add_special(sbuf *out, const char *s, size_t avail)
{
	size_t n = utf8_sequence_len((const unsigned char *)s, avail);
	unsigned char c = (unsigned char)*s;

	if (n == 0) {
		sbuf_adds(out, "\\ufffd");
		return 1;
	}
	if (n > 1) {
		sbuf_add(out, s, n);
	} else if (c == '"' || c == '\\') {
		sbuf_addch(out, '\\');
		sbuf_addch(out, (char)c);
	} else if (c == '\n') {
		sbuf_adds(out, "\\n");
	} else if (c == '\t') {
		sbuf_adds(out, "\\t");
	} else if (c < 0x20 || c == 0x7f) {
		sbuf_addf(out, "\\u%04x", c);
	} else {
		sbuf_addch(out, (char)c);
	}
	return n;
}

void sg_json_add_string_len(sbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	sbuf_addch(out, '"');
	while (i < len) {
		size_t run = i;

		/* Copy plain ASCII in one go: most of a report is plain text. */
		while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		sbuf_add(out, s + i, run - i);
		i = run;
		if (i < len)
			i += add_special(out, s + i, len - i);
	}
	sbuf_addch(out, '"');
}

void sg_json_add_string(sbuf *out, const char *s)
{
	sg_json_add_string_len(out, s, strlen(s));
}

void sg_json_init(sg_json *j, sbuf *out, int indent)
{
	j->out = out;
	j->indent = indent;
	j->depth = 0;
	j->need_comma = false;
	j->after_key = false;
}

static void newline(sg_json *j)
{
	int i;

	if (!j->indent)
		return;
	sbuf_addch(j->out, '\n');
	for (i = 0; i < j->depth * j->indent; i++)
		sbuf_addch(j->out, ' ');
}

/* What goes before an array element or a key: a comma after the previous one, a new line. */
static void begin_item(sg_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma)
		sbuf_addch(j->out, ',');
	if (j->depth)
		newline(j);
}

static void open_container(sg_json *j, char bracket)
{
	begin_item(j);
	sbuf_addch(j->out, bracket);
	j->depth++;
	j->need_comma = false;
}

static void close_container(sg_json *j, char bracket)
{
	j->depth--;
	/* An empty container stays on its line: "[]". */
	if (j->need_comma)
		newline(j);
	sbuf_addch(j->out, bracket);
	j->need_comma = true;
}

void sg_json_open_object(sg_json *j)
{
	open_container(j, '{');
}

void sg_json_close_object(sg_json *j)
{
	close_container(j, '}');
}

void sg_json_open_array(sg_json *j)
{
	open_container(j, '[');
}

void sg_json_close_array(sg_json *j)
{
	close_container(j, ']');
}

void sg_json_key(sg_json *j, const char *key)
{
	begin_item(j);
	sg_json_add_string(j->out, key);
	sbuf_adds(j->out, j->indent ? ": " : ":");
	j->after_key = true;
}

void sg_json_string_len(sg_json *j, const char *s, size_t len)
{
	begin_item(j);
	sg_json_add_string_len(j->out, s, len);
	j->need_comma = true;
}

void sg_json_string(sg_json *j, const char *s)
{
	sg_json_string_len(j, s, strlen(s));
}

void sg_json_int(sg_json *j, long long v)
{
	begin_item(j);
	sbuf_addf(j->out, "%lld", v);
	j->need_comma = true;
}

void sg_json_double(sg_json *j, double v)
{
	char buf[32];

	begin_item(j);
	if (!isfinite(v)) {
		sbuf_adds(j->out, "null");
	} else {
		snprintf(buf, sizeof(buf), "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof(buf), "%.17g", v);
		sbuf_adds(j->out, buf);
	}
	j->need_comma = true;
}

void sg_json_bool(sg_json *j, bool v)
{
	begin_item(j);
	sbuf_adds(j->out, v ? "true" : "false");
	j->need_comma = true;
}

void sg_json_key_string(sg_json *j, const char *key, const char *s)
{
	sg_json_key(j, key);
	sg_json_string(j, s);
}

void sg_json_key_int(sg_json *j, const char *key, long long v)
{
	sg_json_key(j, key);
	sg_json_int(j, v);
}

void sg_json_key_double(sg_json *j, const char *key, double v)
{
	sg_json_key(j, key);
	sg_json_double(j, v);
}

void sg_json_key_bool(sg_json *j, const char *key, bool v)
{
	sg_json_key(j, key);
	sg_json_bool(j, v);
}
