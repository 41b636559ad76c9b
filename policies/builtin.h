#ifndef SG_BUILTIN_H
#define SG_BUILTIN_H

#include "policies/pack.h"

/*
 * What one check found. `evidence` is what was observed, shown as it is
 * (the offending rows, the value read); `reason` says why a check could
 * not be judged. Both owned, NULL when there is nothing to say.
 */
enum sg_check_status {
	SG_CHECK_PASS,
	SG_CHECK_FAIL,
	SG_CHECK_UNVERIFIABLE, /* could not run or could not see: never a pass */
	SG_CHECK_NOT_APPLICABLE,
};

typedef struct sg_check_result {
	enum sg_check_status status;
	char *evidence;
	char *reason;
} sg_check_result;

void sg_check_result_release(sg_check_result *res);
/* Fill `res` (copies of the strings, which may be NULL). */
void sg_check_result_set(sg_check_result *res, enum sg_check_status st, const char *evidence, const char *reason);

/*
 * A check written in C (`builtin:` in a pack): it reads its parameters
 * (already expanded) with sg_builtin_arg. Checks that only read evidence
 * files need no connection.
 */
typedef struct sg_builtin_args {
	const sg_strlist *keys, *values;
	long long now; /* seconds since the epoch */
} sg_builtin_args;

typedef struct sg_builtin {
	const char *name;
	const char *const *keys; /* the parameters it takes, NULL-terminated */
	void (*run)(const sg_builtin_args *args, sg_check_result *out);
} sg_builtin;

const sg_builtin *sg_builtin_find(const char *name);

/* pgbackrest: `pgbackrest info --output=json` evidence (builtin_pgbackrest.c). */
void sg_builtin_pgbackrest(const sg_builtin_args *args, sg_check_result *out);
/* The value of parameter `key`, or NULL. */
const char *sg_builtin_arg(const sg_builtin_args *args, const char *key);
/* "26h", "8d", "90min", "3600" (seconds) -> seconds; -1 when not a duration. */
long long sg_parse_age_seconds(const char *s);

#endif
