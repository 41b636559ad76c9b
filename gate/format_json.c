/*
 * The JSON contract of DESIGN.md: one object with "version", "findings"
 * and "summary". Strings are escaped here and any byte that is not valid
 * UTF-8 becomes U+FFFD, so the output is always valid JSON even when a
 * message quotes a file with broken encoding.
 */
#include "gate/format.h"
#include "core/text.h"

#include <string.h>

static void add_string(sbuf *out, const char *s)
{
	size_t len = strlen(s), i = 0;

	sbuf_addch(out, '"');
	while (i < len) {
		size_t run = i, n;
		unsigned char c;

		/* Copy plain ASCII in one go: most of a report is plain text. */
		while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		sbuf_add(out, s + i, run - i);
		i = run;
		if (i == len)
			break;
		n = utf8_sequence_len((const unsigned char *)s + i, len - i);
		c = (unsigned char)s[i];

		if (n == 0) {
			sbuf_adds(out, "\\ufffd");
			i++;
			continue;
		}
		if (n > 1) {
			sbuf_add(out, s + i, n);
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
		i += n;
	}
	sbuf_addch(out, '"');
}

static void add_finding(sbuf *out, const sg_finding *f)
{
	sbuf_adds(out, "{\"rule\":");
	add_string(out, f->rule);
	sbuf_addf(out, ",\"severity\":\"%s\",\"source\":\"%s\",\"file\":", sg_severity_name(f->severity),
		  sg_source_name(f->source));
	add_string(out, f->file);
	sbuf_addf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"message\":",
		  f->line, f->column, f->end_line, f->end_column);
	add_string(out, f->message);
	sbuf_adds(out, ",\"help\":");
	add_string(out, f->help ? f->help : "");
	sbuf_addch(out, '}');
}

void format_json(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t i;

	(void)o;
	sbuf_adds(out, "{\"version\":1,\"findings\":[");
	for (i = 0; i < r->nr; i++) {
		if (i)
			sbuf_addch(out, ',');
		add_finding(out, &r->findings[i]);
	}
	sbuf_addf(out, "],\"summary\":{\"files\":%zu,\"statements\":%zu,\"errors\":%zu,\"warnings\":%zu}}\n",
		  r->files, r->statements, sg_report_count(r, SG_ERROR_SEV),
		  sg_report_count(r, SG_WARNING));
}
