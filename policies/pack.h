#ifndef SG_PACK_H
#define SG_PACK_H

#include "core/finding.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Policy packs (policies/README.md): what is checked on a live database.
 * Loading flattens `extends` into one ordered list of checks, a child's
 * check replacing its parent's of the same id, and one set of parameters.
 * Every string is owned by the structure that holds it.
 */
enum sg_area { SG_AREA_ENCRYPTION, SG_AREA_BACKUP, SG_AREA_RBAC, SG_AREA_AUDIT, SG_AREA_CUSTOM };

/* Server families a check applies to. */
enum { SG_ENGINE_PG = 1, SG_ENGINE_MYSQL = 2, SG_ENGINE_MARIADB = 4 };

/* Where something was written: for messages and for the findings' location. */
typedef struct sg_where {
	const char *file; /* borrowed from the policy's list of files */
	int line, column;
} sg_where;

typedef struct sg_strlist {
	char **v;
	size_t n;
} sg_strlist;

typedef struct sg_param {
	char *name;
	sg_strlist values;
	bool list; /* written as a list: a query gets every value */
	sg_where where;
} sg_param;

/* An expectation's value, written as a scalar or a list, maybe naming {{params}}. */
typedef struct sg_expect_value {
	bool set;
	sg_strlist values;
	sg_where where;
} sg_expect_value;

typedef struct sg_expect {
	char *column; /* NULL: the first */
	long rows, min_rows; /* -1: not set */
	sg_expect_value equals, in, not_in, min, max, matches, covers;
	bool not_empty;
} sg_expect;

typedef struct sg_check {
	char *id;
	enum sg_area area;
	char *title, *rationale, *remediation, *privilege;
	enum sg_severity severity;
	bool mandatory, enabled;
	unsigned engines; /* SG_ENGINE_* bits */
	char *min_version, *max_version; /* NULL: no bound */
	bool each_database;
	char *requires; /* NULL, or the id of a check that must pass first */
	char *query;    /* SQL, or NULL for a built-in */
	sg_expect expect;
	char *builtin; /* a check written in C (policies/builtin.h) */
	sg_strlist with_keys, with_values; /* its parameters */
	sg_where where, query_where;
} sg_check;

typedef struct sg_policy_packs {
	char **files; /* owned: where each loaded pack came from (built-in ones as policies/packs/...) */
	size_t nr_files;
	char **names; /* owned: the packs given, in order, with the packs they extend */
	size_t nr_names;
	unsigned engine; /* SG_ENGINE_* of the packs (postgres, or mysql | mariadb) */
	sg_check *checks;
	size_t nr_checks;
	sg_param *params;
	size_t nr_params;
} sg_policy_packs;

/*
 * Load pack `spec` into `p`: a built-in name ("baseline") for the family of
 * `engine`, or a file. Call once per --policy; later packs replace earlier
 * checks of the same id. SG_EINVALID with "file:line:col: ..." on any
 * mistake; SG_ENOTFOUND for a file or built-in that does not exist.
 */
int sg_packs_load(sg_policy_packs *p, const char *spec, unsigned engine);
/* Whether a pack is named by a file (a path, or NAME.yaml) rather than as a built-in. */
bool sg_pack_spec_is_file(const char *spec);
/*
 * Set parameter `name` (declared by a pack) from `value`, a comma-separated
 * list for a list parameter. `origin` names where it comes from in messages.
 */
int sg_packs_set_param(sg_policy_packs *p, const char *name, const char *value, const char *origin);
const sg_param *sg_packs_param(const sg_policy_packs *p, const char *name);
/*
 * Resolve {{params}} in expectations and check what can only be checked
 * once every pack and parameter is known (requires, regular expressions).
 */
int sg_packs_validate(const sg_policy_packs *p);
void sg_packs_release(sg_policy_packs *p);

/*
 * {{params}} in values: a value that is only "{{name}}" becomes the
 * parameter's values; inside a longer value it is its values joined by
 * commas. Appended to `out`; an unknown name is an error at `w`.
 */
int sg_packs_expand_values(const sg_policy_packs *p, const sg_strlist *in, const sg_where *w, sg_strlist *out);
/* A check's query with {{params}} as SQL string literals (owned by the caller). */
int sg_packs_expand_sql(const sg_policy_packs *p, const sg_check *c, bool backslash_escapes, char **out);

const char *sg_area_name(enum sg_area a);
/* "postgres", "mysql", "mariadb" -> SG_ENGINE_*; 0 when unknown. */
unsigned sg_engine_bit(const char *name);

/* The built-in packs, compiled in (generated from policies/packs/). */
typedef struct sg_builtin_pack {
	const char *name; /* "postgres/baseline" */
	const char *path; /* "policies/packs/postgres/baseline.yaml" */
	const char *text;
} sg_builtin_pack;
extern const sg_builtin_pack sg_builtin_packs[];
extern const size_t sg_nr_builtin_packs;

void sg_strlist_add(sg_strlist *l, const char *s);
void sg_strlist_release(sg_strlist *l);

#endif
