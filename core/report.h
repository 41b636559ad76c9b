#ifndef SG_REPORT_H
#define SG_REPORT_H

#include "core/finding.h"

#include <stddef.h>

/*
 * What a run found: the findings plus the counts the summary shows. Every
 * formatter reads only this; nothing here decides how it is shown.
 */
typedef struct sg_report {
	sg_finding *findings; /* owned */
	size_t nr, alloc;
	size_t files;
	size_t statements;
} sg_report;

#define SG_REPORT_INIT { NULL, 0, 0, 0, 0 }

/* Append a zeroed finding owned by the report and return it for filling. */
sg_finding *sg_report_add(sg_report *r);
/* Keep files in the order they were reported; sort each by position, rule. */
void sg_report_sort(sg_report *r);
size_t sg_report_count(const sg_report *r, enum sg_severity s);
void sg_report_release(sg_report *r);

#endif
