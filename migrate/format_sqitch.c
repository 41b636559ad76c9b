/*
 * sqitch: sqitch.plan lists the changes in the order they deploy; each
 * change NAME has deploy/NAME.sql (the up part), revert/NAME.sql (down)
 * and verify/NAME.sql. A change may be reworked: listed again after a
 * tag, its earlier version's scripts are then NAME@TAG.sql, TAG being the
 * first tag after the earlier entry. The change name is the version;
 * order is the plan's.
 *
 * Plan lines: "%pragma=value", "# comment", blank, "@tag date planner
 * <email> # note", and "[+|-]name [deps] date planner <email> # note".
 */
#include "migrate/migration.h"
#include "core/sbuf.h"
#include "core/strmap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define PLAN "sqitch.plan"

static bool detect(sg_tree *t)
{
	return sg_tree_find(t, PLAN) != NULL;
}

struct entry {
	char *name;
	int line;
	char *tag; /* the first tag after this entry, once seen */
};

struct plan {
	struct entry *items;
	size_t nr, alloc;
};

static size_t token_length(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n' && s[n] != '\r')
		n++;
	return n;
}

static void read_plan_line(struct plan *plan, const char *p, size_t n, int line,
			   sg_migration_set *set)
{
	size_t i, len;

	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	if (!n || *p == '%' || *p == '#' || *p == '\r')
		return;
	if (*p == '@') {
		len = token_length(p + 1);
		for (i = plan->nr; i-- > 0 && !plan->items[i].tag;)
			plan->items[i].tag = xstrndup(p + 1, len);
		return;
	}
	if (*p == '+' || *p == '-')
		p++;
	len = token_length(p);
	if (!len || memchr(p, '/', len)) {
		sg_migration_issue_add(set, PLAN, "migration-malformed", line,
				       "line %d of sqitch.plan is not a change, a tag or a pragma",
				       line);
		return;
	}
	struct entry *e = VEC_PUSH(plan->items, plan->nr, plan->alloc);
	e->name = xstrndup(p, len);
	e->line = line;
	e->tag = NULL;
}

static void read_plan(struct plan *plan, const char *data, sg_migration_set *set)
{
	const char *p = data;
	int line = 1;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		read_plan_line(plan, p, n, line++, set);
		p += n + (eol != NULL);
	}
}

/* Is a later entry of the plan the same change (a rework)? */
static const struct entry *reworked_later(const struct plan *plan, size_t i)
{
	size_t j;

	for (j = i + 1; j < plan->nr; j++)
		if (!strcmp(plan->items[j].name, plan->items[i].name))
			return &plan->items[j];
	return NULL;
}

static sg_tree_file *script(sg_tree *t, const char *folder, const char *name)
{
	sbuf path = SBUF_INIT;
	sg_tree_file *f;

	sbuf_addf(&path, "%s/%s.sql", folder, name);
	f = sg_tree_find(t, path.buf);
	sbuf_release(&path);
	return f;
}

static void add_change(sg_migration_set *set, sg_tree *t, const struct plan *plan, size_t i)
{
	const struct entry *e = &plan->items[i];
	sbuf id = SBUF_INIT;
	sg_migration *m;

	sbuf_adds(&id, e->name);
	if (reworked_later(plan, i)) {
		if (!e->tag) {
			sg_migration_issue_add(set, PLAN, "migration-malformed", e->line,
					       "change '%s' is listed again without a tag in between; "
					       "sqitch only accepts a reworked change after a tag",
					       e->name);
			sbuf_release(&id);
			return;
		}
		sbuf_addf(&id, "@%s", e->tag);
	}
	m = sg_migration_new(set, id.buf, -1, e->name, -1);
	m->up_line = e->line;
	m->up = sg_migration_file_of(script(t, "deploy", id.buf), SG_PART_UP);
	m->down = sg_migration_file_of(script(t, "revert", id.buf), SG_PART_DOWN);
	m->verify = sg_migration_file_of(script(t, "verify", id.buf), SG_PART_VERIFY);
	if (!m->up.path)
		sg_migration_issue_add(set, PLAN, "migration-malformed", e->line,
				       "change '%s' has no deploy/%s.sql, so `sqitch deploy` fails "
				       "at it",
				       e->name, id.buf);
	else if (!m->down.path)
		sg_migration_issue_add(set, m->up.path, "migration-missing-down", 1,
				       "change '%s' has no revert/%s.sql, so `sqitch revert` cannot "
				       "undo it",
				       e->name, id.buf);
	sbuf_release(&id);
}

/* Deploy scripts that the plan does not list never deploy. */
static void report_unplanned(sg_migration_set *set, sg_tree *t)
{
	sg_strmap planned = SG_STRMAP_INIT;
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (set->items[i].up.path)
			sg_strmap_put(&planned, set->items[i].up.path, NULL);
	for (i = 0; i < t->nr; i++) {
		const char *p = t->files[i].path;

		if (strncmp(p, "deploy/", 7) || !sg_path_ends(p, ".sql") || sg_strmap_has(&planned, p))
			continue;
		sg_migration_issue_add(set, p, "migration-malformed", 1,
				       "'%s' is not in sqitch.plan, so sqitch never deploys it; "
				       "add it with `sqitch add`",
				       p);
	}
	sg_strmap_clear(&planned);
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	sg_tree_file *f = sg_tree_find(t, PLAN);
	struct plan plan = { NULL, 0, 0 };
	const char *data;
	size_t len, i;
	int rc;

	if (!f)
		return 0;
	set->plan_path = f->path;
	if ((rc = sg_tree_read(t, f, &data, &len)) < 0)
		return rc;
	read_plan(&plan, data, set);
	for (i = 0; i < plan.nr; i++)
		add_change(set, t, &plan, i);
	report_unplanned(set, t);
	for (i = 0; i < plan.nr; i++) {
		free(plan.items[i].name);
		free(plan.items[i].tag);
	}
	free(plan.items);
	return 0;
}

const sg_format_reader sg_format_sqitch = {
	.format = SG_FMT_SQITCH,
	.name = "sqitch",
	.detect = detect,
	.read = read_set,
};
