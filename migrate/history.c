/*
 * The history checks of schemagate diff (see history.h).
 *
 * Files are compared by git blob id, so a file whose id did not change is
 * never read: on a directory of thousands of migrations only the few that
 * a change touches are. A base file that is gone from the head but whose
 * content reappears under another path was moved; under another version
 * or name that is a rename, which runners see as a new migration.
 */
#include "migrate/history.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "migrate/hash.h"
#include "migrate/source.h"
#include "migrate/sum.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lines of the old and new text shown with migration-modified. */
#define SHOWN_LINES 3

enum file_state {
	FILE_NEW = 1,     /* the base has no file at its path */
	FILE_TAKEN = 2,   /* the new place of a moved base file */
	FILE_CHANGED = 4, /* new, or its content differs from the base's */
};

struct compare {
	const sg_history_input *in;
	sg_history *h;
	sg_report *r;
	const sg_migration_set *tip; /* h->tip, or h->base when the tip has the same folder */
	sg_strmap moved_to;   /* hex blob id -> head path, for head files new to the base */
	unsigned char *state; /* per head file: FILE_NEW, FILE_TAKEN, FILE_CHANGED */
	sg_tree_file **match; /* per base file: the head file at its path, or NULL */
	sg_migration **moved; /* per base migration: where it was moved, or NULL */
};

/* ---- modified files: where the text changed ---- */

struct line_span {
	const char *start;
	size_t len;
};

static size_t split_lines(const char *data, size_t len, struct line_span **out)
{
	struct line_span *lines = NULL;
	size_t nr = 0, alloc = 0, i = 0;

	while (i < len) {
		const char *eol = memchr(data + i, '\n', len - i);
		size_t n = eol ? (size_t)(eol - (data + i)) : len - i;
		struct line_span *l = VEC_PUSH(lines, nr, alloc);

		l->start = data + i;
		l->len = n;
		i += n + 1;
	}
	*out = lines;
	return nr;
}

static bool same_line(const struct line_span *a, const struct line_span *b)
{
	return a->len == b->len && !memcmp(a->start, b->start, a->len);
}

static void show_lines(sbuf *msg, char sign, const struct line_span *lines, size_t from,
		       size_t to)
{
	size_t i;

	for (i = from; i < to && i < from + SHOWN_LINES; i++)
		sbuf_addf(msg, "\n  %c %.*s", sign, (int)(lines[i].len > 200 ? 200 : lines[i].len),
			  lines[i].start);
	if (to - from > SHOWN_LINES)
		sbuf_addf(msg, "\n  %c ... (%zu more lines)", sign, to - from - SHOWN_LINES);
}

/*
 * The changed region: lines between the common beginning and the common
 * end of the two texts. Enough to show what was edited; a full diff
 * belongs in the pull request itself.
 */
static void report_modified(struct compare *c, const char *path, const char *old, size_t old_len,
			    const char *new, size_t new_len)
{
	struct line_span *a, *b;
	size_t na = split_lines(old, old_len, &a), nb = split_lines(new, new_len, &b);
	size_t pre = 0, post = 0;
	char *shown = sg_tree_display_path(c->in->head, path);
	sbuf msg = SBUF_INIT;
	sg_finding *f;

	while (pre < na && pre < nb && same_line(&a[pre], &b[pre]))
		pre++;
	while (post < na - pre && post < nb - pre && same_line(&a[na - 1 - post], &b[nb - 1 - post]))
		post++;
	sbuf_addf(&msg, "'%s' is already on %s and this change edits it", shown, c->in->tip_name);
	if (na - pre - post == 0 && nb - pre - post == 0)
		sbuf_adds(&msg, " (line endings or the final newline only)");
	show_lines(&msg, '-', a, pre, na - post);
	show_lines(&msg, '+', b, pre, nb - post);
	f = sg_rule_report(c->r, "migration-modified", shown, (int)pre + 1, 1, "%s", msg.buf);
	if (nb - post > pre + 1) {
		f->end_line = (int)(nb - post);
		f->end_column = 1;
	}
	c->h->modified++;
	sbuf_release(&msg);
	free(shown);
	free(a);
	free(b);
}

/* ---- base files: unchanged, edited, moved or gone ---- */

static int file_oid_hex(sg_tree *t, sg_tree_file *f, char hex[41])
{
	const unsigned char *oid;
	int rc = sg_tree_oid(t, f, &oid);

	if (rc == 0)
		sg_hex(oid, SG_OID_RAWSZ, hex);
	return rc;
}

static unsigned char *state_of(struct compare *c, const sg_tree_file *head_file)
{
	return &c->state[head_file - c->in->head->files];
}

/*
 * Pair the files of the base and the head by path. Both trees are sorted,
 * so one merge pass does it, where a look-up per file would cost a binary
 * search of thousands of paths each.
 */
static void pair_files(struct compare *c)
{
	sg_tree *base = c->in->base, *head = c->in->head;
	size_t i = 0, j = 0;

	c->state = xcalloc(head->nr + 1, 1);
	c->match = xcalloc(base->nr + 1, sizeof(*c->match));
	while (i < base->nr || j < head->nr) {
		int cmp = i == base->nr ? 1 : j == head->nr ? -1
					: strcmp(base->files[i].path, head->files[j].path);
		if (cmp < 0) {
			i++;
		} else if (cmp > 0) {
			c->state[j++] = FILE_NEW | FILE_CHANGED;
		} else {
			c->match[i++] = &head->files[j++];
		}
	}
}

/* Head files that the base does not have, by content: where moved files went. */
static int index_new_head_files(struct compare *c)
{
	sg_tree *head = c->in->head;
	size_t i;

	for (i = 0; i < head->nr; i++) {
		char hex[41];
		int rc;

		if (!(c->state[i] & FILE_NEW))
			continue;
		if ((rc = file_oid_hex(head, &head->files[i], hex)) < 0)
			return rc;
		sg_strmap_put(&c->moved_to, hex, head->files[i].path);
	}
	return 0;
}

static bool same_identity(const sg_migration *a, const sg_migration *b)
{
	return !strcmp(a->key, b->key) && !strcmp(a->name, b->name) && a->repeatable == b->repeatable;
}

static void take(struct compare *c, const sg_migration_file *f)
{
	if (f->file)
		*state_of(c, f->file) |= FILE_TAKEN;
}

/*
 * Migrations whose up file left its path but whose content reappears as
 * the up file of a new migration: moved. Matching whole migrations by
 * their up part keeps two unrelated files that merely read alike (two
 * down files saying "SELECT 1;") from being taken for a move.
 */
static int find_moves(struct compare *c)
{
	size_t i;

	c->moved = xcalloc(c->h->base.nr + 1, sizeof(*c->moved));
	for (i = 0; i < c->h->base.nr; i++) {
		sg_migration *old = &c->h->base.items[i], *now;
		sg_tree_file *f;
		char hex[41];
		void *to;
		int rc;

		f = old->up.file;
		if (!f || c->match[f - c->in->base->files])
			continue;
		if ((rc = file_oid_hex(c->in->base, f, hex)) < 0)
			return rc;
		if (!sg_strmap_get(&c->moved_to, hex, &to))
			continue;
		now = sg_migration_of_file(&c->h->head, c->in->head, to);
		if (!now || !now->up.path || strcmp(now->up.path, to))
			continue;
		c->moved[i] = now;
		take(c, &now->up);
		take(c, &now->down);
		take(c, &now->verify);
	}
	return 0;
}

static void report_gone(struct compare *c, const sg_migration *old, sg_tree_file *f)
{
	const sg_migration *now = c->moved[old - c->h->base.items];
	char *shown = sg_tree_display_path(c->in->base, f->path), *new_shown;

	if (!now) {
		sg_rule_report(c->r, "migration-deleted", shown, 1, 1,
			       "'%s' is already on %s and this change deletes it; environments "
			       "that applied it keep what it did",
			       shown, c->in->tip_name);
		c->h->deleted++;
	} else if (f->path == old->up.path && !same_identity(old, now)) {
		new_shown = sg_tree_display_path(c->in->head, now->up.path);
		sg_rule_report(c->r, "migration-renamed", new_shown, 1, 1,
			       "'%s' is already on %s; this change moves it to '%s' (version %s), "
			       "so runners that applied %s run it again as a new migration",
			       shown, c->in->tip_name, new_shown, now->version[0] ? now->version : "-",
			       old->version[0] ? old->version : old->name);
		c->h->renamed++;
		free(new_shown);
	}
	free(shown);
}

static int compare_base_file(struct compare *c, sg_tree_file *bf)
{
	const sg_migration *old = bf->migration ? &c->h->base.items[bf->migration - 1] : NULL;
	sg_tree_file *hf = c->match[bf - c->in->base->files];
	const unsigned char *head_oid, *base_oid;
	const char *old_data, *new_data;
	size_t old_len, new_len;
	int rc;

	if (!hf) {
		if (old)
			report_gone(c, old, bf);
		return 0;
	}
	if ((rc = sg_tree_oid(c->in->base, bf, &base_oid)) < 0 ||
	    (rc = sg_tree_oid(c->in->head, hf, &head_oid)) < 0)
		return rc;
	if (!memcmp(base_oid, head_oid, SG_OID_RAWSZ))
		return 0;
	*state_of(c, hf) |= FILE_CHANGED;
	if (!old || old->repeatable)
		return 0; /* not a migration (the plan, a README), or Flyway re-runs it */
	if ((rc = sg_tree_read(c->in->base, bf, &old_data, &old_len)) < 0 ||
	    (rc = sg_tree_read(c->in->head, hf, &new_data, &new_len)) < 0)
		return rc;
	report_modified(c, hf->path, old_data, old_len, new_data, new_len);
	return 0;
}

/* sqitch: a change taken out of the plan no longer deploys anywhere new. */
static void compare_plans(struct compare *c)
{
	sg_strmap now = SG_STRMAP_INIT;
	size_t i;

	if (c->h->base.format != SG_FMT_SQITCH || !c->h->head.plan_path)
		return;
	for (i = 0; i < c->h->head.nr; i++)
		sg_strmap_put(&now, c->h->head.items[i].version, NULL);
	for (i = 0; i < c->h->base.nr; i++) {
		const sg_migration *m = &c->h->base.items[i];
		char *shown;

		if (sg_strmap_has(&now, m->version))
			continue;
		shown = sg_tree_display_path(c->in->head, c->h->head.plan_path);
		sg_rule_report(c->r, "migration-deleted", shown, 1, 1,
			       "change '%s' is already on %s and this change removes it from "
			       "sqitch.plan",
			       m->version, c->in->tip_name);
		c->h->deleted++;
		free(shown);
	}
	sg_strmap_clear(&now);
}

/* ---- head files: what the change adds ---- */

static bool is_new(struct compare *c, const sg_migration_file *f)
{
	return f->file && (*state_of(c, f->file) & (FILE_NEW | FILE_TAKEN)) == FILE_NEW;
}

static bool is_changed(struct compare *c, const sg_migration_file *f)
{
	return f->file && (*state_of(c, f->file) & FILE_CHANGED);
}

static void add_file(sg_history *h, sg_migration *m, const sg_migration_file *f)
{
	sg_history_added *a = VEC_PUSH(h->added, h->nr_added, h->alloc_added);

	a->migration = m;
	a->file = f;
}

static void collect_added(struct compare *c)
{
	size_t i;

	for (i = 0; i < c->h->head.nr; i++) {
		sg_migration *m = &c->h->head.items[i];
		const sg_migration_file *files[] = { &m->up, &m->down };
		size_t k;

		for (k = 0; k < 2; k++)
			if (is_new(c, files[k]) || (m->repeatable && is_changed(c, files[k])))
				add_file(c->h, m, files[k]);
	}
}

static bool migration_is_added(struct compare *c, const sg_migration *m)
{
	return !m->repeatable && is_new(c, &m->up);
}

/* Report `rule` at the up file of `m`; the message is `fmt` with the file's path first. */
static void report_at_up(struct compare *c, const sg_migration *m, const char *rule,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void report_at_up(struct compare *c, const sg_migration *m, const char *rule,
			 const char *fmt, ...)
{
	char *shown = sg_tree_display_path(c->in->head, m->up.path);
	sbuf msg = SBUF_INIT;
	va_list ap;

	sbuf_addf(&msg, "'%s' ", shown);
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sg_rule_report(c->r, rule, shown, 1, 1, "%s", msg.buf);
	sbuf_release(&msg);
	free(shown);
}

/*
 * Two migrations of the head with one version, one of them new. The set
 * is sorted by version, so they are neighbours (sqitch's change names are
 * unique by construction of the plan).
 */
static void check_duplicates(struct compare *c)
{
	const sg_migration_set *head = &c->h->head;
	size_t i;

	if (head->format == SG_FMT_SQITCH)
		return;
	for (i = 1; i < head->nr; i++) {
		const sg_migration *a = &head->items[i - 1], *b = &head->items[i];
		const sg_migration *added, *kept;

		if (a->repeatable || b->repeatable || !a->up.path || !b->up.path ||
		    strcmp(a->key, b->key))
			continue;
		added = migration_is_added(c, b) ? b : a;
		kept = added == b ? a : b;
		if (migration_is_added(c, added))
			report_at_up(c, added, "duplicate-version",
				     "has version %s, which '%s' already has; a runner applies one "
				     "version once",
				     added->version, kept->up.path);
	}
}

/* The newest version on the base branch's tip; new migrations must come after it. */
static const sg_migration *newest_on_tip(const sg_migration_set *tip)
{
	const sg_migration *newest = NULL;
	size_t i;

	for (i = 0; i < tip->nr; i++) {
		const sg_migration *m = &tip->items[i];
		if (!m->repeatable && m->up.path &&
		    (!newest || sg_version_cmp(m->key, newest->key) > 0))
			newest = m;
	}
	return newest;
}

/* Another migration of the tip with the version of `m`: the other branch claimed it. */
static const sg_migration *claimed_on_tip(const sg_migration_set *tip, const sg_migration *m)
{
	size_t i;

	for (i = 0; i < tip->nr; i++) {
		const sg_migration *t = &tip->items[i];
		if (!t->repeatable && t->up.path && !strcmp(t->key, m->key) &&
		    strcmp(t->up.path, m->up.path))
			return t;
	}
	return NULL;
}

static void check_against_tip(struct compare *c)
{
	const sg_migration *newest = newest_on_tip(c->tip), *other;
	size_t i;

	for (i = 0; i < c->h->head.nr; i++) {
		const sg_migration *m = &c->h->head.items[i];

		if (!migration_is_added(c, m))
			continue;
		if ((other = claimed_on_tip(c->tip, m)))
			report_at_up(c, m, "duplicate-version",
				     "has version %s, which '%s' on %s already claims; give it the "
				     "next free version",
				     m->version, other->up.path, c->in->tip_name);
		else if (c->h->head.format != SG_FMT_SQITCH && newest &&
			 sg_version_cmp(m->key, newest->key) < 0)
			report_at_up(c, m, "migration-out-of-order",
				     "has version %s, below %s ('%s'), the newest on %s; rename it to "
				     "a version above %s",
				     m->version, newest->version, newest->up.path, c->in->tip_name,
				     newest->version);
	}
}

/*
 * sqitch orders by the plan, not by version: a new change is out of
 * order when a change of the base branch's tip comes after it.
 */
static void check_plan_order(struct compare *c)
{
	sg_strmap on_tip = SG_STRMAP_INIT;
	const sg_migration *first_new = NULL;
	size_t i;

	if (c->h->head.format != SG_FMT_SQITCH)
		return;
	for (i = 0; i < c->tip->nr; i++)
		sg_strmap_put(&on_tip, c->tip->items[i].version, NULL);
	for (i = 0; i < c->h->head.nr; i++) {
		const sg_migration *m = &c->h->head.items[i];

		if (migration_is_added(c, m) && !sg_strmap_has(&on_tip, m->version)) {
			if (!first_new)
				first_new = m;
		} else if (first_new && sg_strmap_has(&on_tip, m->version)) {
			report_at_up(c, first_new, "migration-out-of-order",
				     "is planned before '%s', which %s already deploys; move it to "
				     "the end of sqitch.plan",
				     m->version, c->in->tip_name);
			break;
		}
	}
	sg_strmap_clear(&on_tip);
}

/* Problems with the files the change touched; old problems are not this change's. */
static void report_issues(struct compare *c)
{
	const sg_migration_set *set = &c->h->head;
	size_t i;

	for (i = 0; i < set->nr_issues; i++) {
		const sg_migration_issue *is = &set->issues[i];
		sg_tree_file *f = sg_tree_find(c->in->head, is->path);
		char *shown;

		if (!f || !(*state_of(c, f) & FILE_CHANGED))
			continue;
		shown = sg_tree_display_path(c->in->head, is->path);
		sg_rule_report(c->r, is->rule, shown, is->line, is->column, "%s", is->message);
		free(shown);
	}
}

static int read_sets(struct compare *c)
{
	sg_history *h = c->h;
	const sg_history_input *in = c->in;
	int rc = sg_migration_set_read(&h->head, in->head, in->format);

	if (rc == 0)
		rc = sg_migration_set_read(&h->base, in->base, h->head.format);
	/* Often the base branch has not touched the folder since the merge base. */
	c->tip = &h->base;
	if (rc == 0 && in->tip != in->base) {
		rc = sg_migration_set_read(&h->tip, in->tip, h->head.format);
		c->tip = &h->tip;
	}
	return rc;
}

static int check_sum(const sg_history_input *in, sg_report *r)
{
	int rc;

	if (!sg_tree_find(in->head, SG_SUM_FILE))
		return 0;
	rc = sg_sum_check(in->head, r);
	return rc == SG_ENOTFOUND ? 0 : rc;
}

int sg_history_compare(sg_history *h, const sg_history_input *in, sg_report *r)
{
	struct compare c = { in, h, r, NULL, SG_STRMAP_INIT, NULL, NULL, NULL };
	size_t i;
	int rc;

	if ((rc = read_sets(&c)) < 0)
		return rc;
	pair_files(&c);
	rc = index_new_head_files(&c);
	if (rc == 0)
		rc = find_moves(&c);
	for (i = 0; rc == 0 && i < in->base->nr; i++)
		rc = compare_base_file(&c, &in->base->files[i]);
	if (rc == 0) {
		compare_plans(&c);
		collect_added(&c);
		check_duplicates(&c);
		check_against_tip(&c);
		check_plan_order(&c);
		report_issues(&c);
		rc = check_sum(in, r);
	}
	sg_strmap_clear(&c.moved_to);
	free(c.state);
	free(c.match);
	free(c.moved);
	return rc;
}

void sg_history_release(sg_history *h)
{
	sg_migration_set_release(&h->base);
	sg_migration_set_release(&h->head);
	sg_migration_set_release(&h->tip);
	free(h->added);
	memset(h, 0, sizeof(*h));
}
