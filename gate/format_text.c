/*
 * Human-readable output, in the compiler style editors and CI logs
 * understand: "file:line:col: severity: message [rule]", then the help.
 */
#include "gate/format.h"


static const char *severity_color(enum sg_severity s)
{
	return s == SG_ERROR_SEV ? "\033[1;31m" : s == SG_WARNING ? "\033[1;33m" : "\033[1;36m";
}

void format_text(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t i, errors = sg_report_count(r, SG_ERROR_SEV), warnings = sg_report_count(r, SG_WARNING);

	for (i = 0; i < r->nr; i++) {
		const sg_finding *f = &r->findings[i];
		const char *sev = sg_severity_name(f->severity);

		if (o->color)
			sbuf_addf(out, "\033[1m%s:%d:%d:\033[0m %s%s:\033[0m %s \033[2m[%s]\033[0m\n",
				  f->file, f->line, f->column, severity_color(f->severity), sev,
				  f->message, f->rule);
		else
			sbuf_addf(out, "%s:%d:%d: %s: %s [%s]\n", f->file, f->line, f->column, sev,
				  f->message, f->rule);
		if (f->help && *f->help)
			sbuf_addf(out, "  help: %s\n", f->help);
	}
	if (o->quiet && !r->nr)
		return;
	sbuf_addf(out, "%zu file%s, %zu statement%s: %zu error%s, %zu warning%s\n", r->files,
		  r->files == 1 ? "" : "s", r->statements, r->statements == 1 ? "" : "s", errors,
		  errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}
