/* The registry of checks written in C, and what they share (see builtin.h). */
#include "policies/builtin.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const pgbackrest_keys[] = { "file", "type", "max_age", NULL };

static const sg_builtin builtins[] = {
	{ "pgbackrest", pgbackrest_keys, sg_builtin_pgbackrest },
};

const sg_builtin *sg_builtin_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

const char *sg_builtin_arg(const sg_builtin_args *args, const char *key)
{
	size_t i;

	for (i = 0; i < args->keys->n; i++)
		if (!strcmp(args->keys->v[i], key))
			return args->values->v[i];
	return NULL;
}

long long sg_parse_age_seconds(const char *s)
{
	static const struct { const char *unit; long long seconds; } units[] = {
		{ "", 1 }, { "s", 1 }, { "min", 60 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 }, { "w", 604800 },
	};
	char *end;
	long long v;
	size_t i;

	if (!s || *s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit))
			return v > (1LL << 40) ? -1 : v * units[i].seconds;
	return -1;
}

void sg_check_result_release(sg_check_result *res)
{
	free(res->evidence);
	free(res->reason);
	res->evidence = res->reason = NULL;
}

void sg_check_result_set(sg_check_result *res, enum sg_check_status st, const char *evidence, const char *reason)
{
	res->status = st;
	res->evidence = evidence ? xstrdup(evidence) : NULL;
	res->reason = reason ? xstrdup(reason) : NULL;
}
