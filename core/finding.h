#ifndef SG_FINDING_H
#define SG_FINDING_H

#include <stddef.h>

enum sg_severity { SG_INFO = 0, SG_WARNING = 1, SG_ERROR_SEV = 2 };

enum sg_source { SG_SRC_LINT, SG_SRC_DIFF, SG_SRC_DRYRUN, SG_SRC_POLICY, SG_SRC_APPLY };

/*
 * One thing worth telling the user. Every string is owned by the finding,
 * so findings outlive the parsed files they came from. Positions are
 * 1-based; the end is inclusive of the last character's column + 1
 * (an editor-style half-open range).
 */
typedef struct sg_finding {
	char *rule; /* owned: rule id, kebab-case */
	enum sg_severity severity;
	enum sg_source source;
	char *file; /* owned: path as given */
	int line, column, end_line, end_column;
	char *message; /* owned */
	char *help;    /* NULL or owned: the safe alternative */
	size_t observation; /* 1-based index into the report's observations; 0 = none */
	char *area;     /* NULL or owned: a policy finding's area (encryption, backup, rbac, audit, custom) */
	char *evidence; /* NULL or owned: what a policy check observed */
} sg_finding;

const char *sg_severity_name(enum sg_severity s);
/* Returns 0 and sets *out, or -1 when `name` is not error|warning|info. */
int sg_severity_parse(enum sg_severity *out, const char *name);
const char *sg_source_name(enum sg_source s);
void sg_finding_release(sg_finding *f);

#endif
