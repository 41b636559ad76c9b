#ifndef SG_FORMAT_H
#define SG_FORMAT_H

#include "core/report.h"
#include "core/sbuf.h"

#include <stdbool.h>

/*
 * Output formats. A formatter renders a finished report into a buffer; it
 * never decides anything (the exit code is computed apart).
 */
typedef struct sg_format_options {
	bool color; /* ANSI colours (text only) */
	bool quiet; /* only the summary line is skipped when clean */
	bool fail_on_warning; /* warnings fail the run too (--fail-on warning), for verdicts */
} sg_format_options;

typedef void (*sg_format_fn)(sbuf *out, const sg_report *r, const sg_format_options *o);

void format_text(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_json(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_sarif(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_gitlab(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_junit(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_github(sbuf *out, const sg_report *r, const sg_format_options *o);
void format_markdown(sbuf *out, const sg_report *r, const sg_format_options *o);

/* The formatter called `name`, or NULL. */
sg_format_fn sg_format_find(const char *name);
/* The names of every format, ", "-separated, for messages. */
const char *sg_format_names(void);

#endif
