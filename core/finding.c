/* Names and lifetime of findings; see finding.h. */
#include "core/finding.h"

#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = { "info", "warning", "error" };
static const char *const source_names[] = { "lint", "diff", "dry-run", "policy", "apply" };

const char *sg_severity_name(enum sg_severity s)
{
	return severity_names[s];
}

int sg_severity_parse(enum sg_severity *out, const char *name)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (!strcmp(name, severity_names[i])) {
			*out = (enum sg_severity)i;
			return 0;
		}
	}
	return -1;
}

const char *sg_source_name(enum sg_source s)
{
	return source_names[s];
}

void sg_finding_release(sg_finding *f)
{
	free(f->rule);
	free(f->file);
	free(f->message);
	free(f->help);
	free(f->area);
	free(f->evidence);
	memset(f, 0, sizeof(*f));
}
