#ifndef SG_WAIVER_H
#define SG_WAIVER_H

#include "policies/pack.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Waivers (policies/README.md): a failing check accepted for a while, with
 * a reason, a ticket or approver, and an expiry date that is required. The
 * date is the last day the waiver applies, in UTC.
 */
typedef struct sg_waiver {
	char *check; /* an id or a glob */
	char *reason, *ticket, *approver;
	long expires; /* days since 1970-01-01 */
	char expires_text[11]; /* YYYY-MM-DD */
	sg_where where;
} sg_waiver;

typedef struct sg_waivers {
	char *file; /* owned */
	sg_waiver *v;
	size_t n;
} sg_waivers;

/*
 * Read `path` and check it against the packs: SG_EINVALID at file:line:col
 * for any mistake, for a waiver naming no check, or naming a mandatory one.
 */
int sg_waivers_load(sg_waivers *w, const char *path, const sg_policy_packs *p);
/* The waiver that applies to check `c` on day `today`, or NULL. A glob never waives a mandatory check. */
const sg_waiver *sg_waivers_find(const sg_waivers *w, const sg_check *c, long today);
void sg_waivers_release(sg_waivers *w);

/* Days since 1970-01-01 of "YYYY-MM-DD", -1 when it is not a real date. */
long sg_parse_day(const char *s);

#endif
