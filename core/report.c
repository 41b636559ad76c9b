/*
 * The report. Findings are appended as rules produce them and sorted once
 * before output, so every run prints the same order: files in the order
 * they were linted, then by position, then by rule id.
 */
#include "core/report.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

sg_finding *sg_report_add(sg_report *r)
{
	sg_finding *f = VEC_PUSH(r->findings, r->nr, r->alloc);
	memset(f, 0, sizeof(*f));
	return f;
}

struct ranked {
	sg_finding f;
	size_t file_rank;
	size_t index;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->f.line != y->f.line)
		return x->f.line < y->f.line ? -1 : 1;
	if (x->f.column != y->f.column)
		return x->f.column < y->f.column ? -1 : 1;
	if (strcmp(x->f.rule, y->f.rule))
		return strcmp(x->f.rule, y->f.rule);
	return x->index < y->index ? -1 : x->index > y->index;
}

void sg_report_sort(sg_report *r)
{
	struct ranked *v;
	size_t i, rank = 0;

	if (r->nr < 2)
		return;
	/* Files are reported one after the other, so a new name is a new rank. */
	v = xmalloc(r->nr * sizeof(*v));
	for (i = 0; i < r->nr; i++) {
		if (i && strcmp(r->findings[i - 1].file, r->findings[i].file))
			rank++;
		v[i].f = r->findings[i];
		v[i].file_rank = rank;
		v[i].index = i;
	}
	qsort(v, r->nr, sizeof(*v), ranked_cmp);
	for (i = 0; i < r->nr; i++)
		r->findings[i] = v[i].f;
	free(v);
}

size_t sg_report_count(const sg_report *r, enum sg_severity s)
{
	size_t i, n = 0;

	for (i = 0; i < r->nr; i++)
		if (r->findings[i].severity == s)
			n++;
	return n;
}

void sg_report_checked(sg_report *r, const char *path)
{
	char **slot = VEC_PUSH(r->checked, r->nr_checked, r->alloc_checked);

	*slot = xstrdup(path);
	r->files++;
}

const sg_report_rule *sg_report_rule_find(const sg_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nr_rules; i++)
		if (!strcmp(r->rules[i].id, id))
			return &r->rules[i];
	return NULL;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void sg_report_describe_rule(sg_report *r, const char *id, const char *summary,
			     const char *description, const char *help, enum sg_severity severity)
{
	sg_report_rule *rule;

	if (sg_report_rule_find(r, id))
		return;
	rule = VEC_PUSH(r->rules, r->nr_rules, r->alloc_rules);
	rule->id = xstrdup(id);
	rule->summary = dup_or_empty(summary);
	rule->description = dup_or_empty(description);
	rule->help = dup_or_empty(help);
	rule->severity = severity;
}

sg_observation *sg_report_add_observation(sg_report *r, size_t *index)
{
	sg_observation *o = VEC_PUSH(r->observations, r->nr_observations, r->alloc_observations);

	memset(o, 0, sizeof(*o));
	*index = r->nr_observations;
	return o;
}

const sg_observation *sg_report_observation(const sg_report *r, const sg_finding *f)
{
	return f->observation && f->observation <= r->nr_observations
		       ? &r->observations[f->observation - 1]
		       : NULL;
}

void sg_report_remove(sg_report *r, size_t i)
{
	sg_finding_release(&r->findings[i]);
	memmove(&r->findings[i], &r->findings[i + 1], (r->nr - i - 1) * sizeof(*r->findings));
	r->nr--;
}

void sg_report_release(sg_report *r)
{
	size_t i;

	for (i = 0; i < r->nr_observations; i++)
		sg_observation_release(&r->observations[i]);
	free(r->observations);
	free(r->dryrun_database);
	free(r->policy.database);
	free(r->policy.packs);

	for (i = 0; i < r->nr; i++)
		sg_finding_release(&r->findings[i]);
	for (i = 0; i < r->nr_rules; i++) {
		free(r->rules[i].id);
		free(r->rules[i].summary);
		free(r->rules[i].description);
		free(r->rules[i].help);
	}
	for (i = 0; i < r->nr_checked; i++)
		free(r->checked[i]);
	free(r->checked);
	free(r->rules);
	free(r->findings);
	memset(r, 0, sizeof(*r));
}
