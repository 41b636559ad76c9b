/*
 * One verdict from lint and dry-run (sg_dryrun_merge in dryrun.h): lint
 * proposes, the engine decides. Only what a lint finding predicts about the
 * engine (a rewrite; a blocking lock held over a scan, build or
 * validation) can be refuted; the rest stands and at most gains evidence.
 */
#include "migrate/dryrun.h"
#include "checks/rule.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *rule;
	unsigned kind;
} engine_rules[] = {
	{ "table-rewrite", SG_ENGINE_REWRITE },
	{ "blocking-lock", SG_ENGINE_BLOCKING },
	{ "breaking-change", SG_ENGINE_BREAKING },
	{ "lock-without-timeout", SG_ENGINE_NO_TIMEOUT },
};

static unsigned engine_kind(const sg_finding *f)
{
	size_t i;

	if (f->source != SG_SRC_DRYRUN)
		return 0;
	for (i = 0; i < sizeof(engine_rules) / sizeof(engine_rules[0]); i++)
		if (!strcmp(f->rule, engine_rules[i].rule))
			return engine_rules[i].kind;
	return 0;
}

static bool before(int l1, int c1, int l2, int c2)
{
	return l1 < l2 || (l1 == l2 && c1 <= c2);
}

/* The observation of the statement a finding is in (1-based), or 0. */
static size_t observation_of(const sg_report *r, const sg_finding *f)
{
	size_t i;

	for (i = 0; i < r->nr_observations; i++) {
		const sg_observation *o = &r->observations[i];
		if (!strcmp(o->file, f->file) && before(o->line, o->column, f->line, f->column) &&
		    before(f->line, f->column, o->end_line, o->end_column))
			return i + 1;
	}
	return 0;
}

/* The kinds of evidence the dry-run reported for observation `obs`. */
static unsigned observed_kinds(const sg_report *r, size_t obs)
{
	unsigned kinds = 0;
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->findings[i].observation == obs)
			kinds |= engine_kind(&r->findings[i]);
	/* A rewrite is work under ACCESS EXCLUSIVE: it confirms a blocking-lock prediction too. */
	if (kinds & SG_ENGINE_REWRITE)
		kinds |= SG_ENGINE_BLOCKING;
	return kinds;
}

static const char *refutation(unsigned predicted)
{
	if (predicted & SG_ENGINE_REWRITE)
		return "the statement ran and rewrote nothing that existed";
	return "the statement ran and did no scan, build or validation of an existing table under a "
	       "lock that blocks it";
}

void sg_dryrun_merge(sg_report *r, char ***withdrawn, size_t *nr_withdrawn)
{
	bool *drop = xcalloc(r->nr ? r->nr : 1, sizeof(bool));
	size_t i, j, alloc = 0;

	if (withdrawn) {
		*withdrawn = NULL;
		*nr_withdrawn = 0;
	}
	for (i = 0; i < r->nr; i++) {
		sg_finding *f = &r->findings[i];
		const sg_rule *rule = f->source == SG_SRC_LINT ? sg_rule_find(f->rule) : NULL;
		size_t obs = rule && rule->engine ? observation_of(r, f) : 0;
		unsigned seen;

		if (!obs || r->observations[obs - 1].status != SG_OBS_RAN)
			continue;
		seen = observed_kinds(r, obs) & rule->engine;
		if (seen) {
			f->observation = obs;
			for (j = 0; j < r->nr; j++)
				if (r->findings[j].observation == obs && (engine_kind(&r->findings[j]) & seen))
					drop[j] = true;
		} else if ((rule->engine & SG_ENGINE_PREDICTION) &&
			   !((rule->engine & SG_ENGINE_BLOCKING) &&
			     r->observations[obs - 1].work_unmeasured)) {
			drop[i] = true;
			if (withdrawn) {
				sbuf sb = SBUF_INIT;
				sbuf_addf(&sb, "%s:%d:%d: %s withdrawn: %s", f->file, f->line, f->column,
					  f->rule, refutation(rule->engine));
				*VEC_PUSH(*withdrawn, *nr_withdrawn, alloc) = sbuf_detach(&sb);
			}
		} else
			f->observation = obs;
	}
	for (i = r->nr; i-- > 0;)
		if (drop[i])
			sg_report_remove(r, i);
	free(drop);
}
