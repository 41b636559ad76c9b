/*
 * The JSON contract of DESIGN.md: one object with "version", "findings"
 * and "summary", on one line. Strings go through json_out.c, which keeps
 * the output valid JSON and valid UTF-8 whatever a message quotes.
 */
#include "gate/format.h"
#include "gate/json_out.h"

static void add_finding(sbuf *out, const sg_finding *f)
{
	sbuf_adds(out, "{\"rule\":");
	sg_json_add_string(out, f->rule);
	sbuf_addf(out, ",\"severity\":\"%s\",\"source\":\"%s\",\"file\":", sg_severity_name(f->severity),
		  sg_source_name(f->source));
	sg_json_add_string(out, f->file);
	sbuf_addf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"message\":",
		  f->line, f->column, f->end_line, f->end_column);
	sg_json_add_string(out, f->message);
	sbuf_adds(out, ",\"help\":");
	sg_json_add_string(out, f->help ? f->help : "");
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
