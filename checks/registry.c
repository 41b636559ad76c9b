/*
 * The list of rules. The build writes build/gen/rules.def with one
 * RULE(name) line per file in the rule folders (checks/rules_pg/,
 * checks/rules_history/), so a rule is registered by existing and its id
 * cannot drift from its file name (test_rules checks).
 */
#include "checks/rule.h"
#include "core/report.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define RULE(name) extern const sg_rule rule_##name;
#include "rules.def"
#undef RULE

#define RULE(name) &rule_##name,
static const sg_rule *all[] = {
#include "rules.def"
};
#undef RULE

static int sorted;

static int by_id(const void *a, const void *b)
{
	return strcmp((*(const sg_rule *const *)a)->id, (*(const sg_rule *const *)b)->id);
}

const sg_rule *const *sg_rules_all(size_t *nr)
{
	if (!sorted) {
		qsort(all, sizeof(all) / sizeof(all[0]), sizeof(all[0]), by_id);
		sorted = 1;
	}
	*nr = sizeof(all) / sizeof(all[0]);
	return all;
}

static int id_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(const sg_rule *const *)elem)->id);
}

const sg_rule *sg_rule_find(const char *id)
{
	size_t nr;
	const sg_rule *const *rules = sg_rules_all(&nr);
	const sg_rule *const *hit = bsearch(id, rules, nr, sizeof(*rules), id_cmp);

	return hit ? *hit : NULL;
}

sg_finding *sg_rule_vreport(sg_report *r, const char *id, const char *file, int line, int column,
			    const char *fmt, va_list ap)
{
	const sg_rule *rule = sg_rule_find(id);
	sg_finding *f = sg_report_add(r);
	sbuf msg = SBUF_INIT;

	sbuf_vaddf(&msg, fmt, ap);
	f->rule = xstrdup(id);
	f->severity = rule ? rule->severity : SG_ERROR_SEV;
	f->source = rule ? rule->source : SG_SRC_DIFF;
	f->file = xstrdup(file);
	f->line = line;
	f->column = column;
	f->end_line = line;
	f->end_column = column;
	f->message = sbuf_detach(&msg);
	f->help = rule && rule->help ? xstrdup(rule->help) : NULL;
	return f;
}

sg_finding *sg_rule_report(sg_report *r, const char *id, const char *file, int line, int column,
			   const char *fmt, ...)
{
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = sg_rule_vreport(r, id, file, line, column, fmt, ap);
	va_end(ap);
	return f;
}

void sg_rules_apply_options(sg_report *r, size_t from, const bool *disabled, const int *severity)
{
	size_t nr, i, kept = from;
	const sg_rule *const *rules = sg_rules_all(&nr);

	for (i = from; i < r->nr; i++) {
		sg_finding *f = &r->findings[i];
		const sg_rule *const *hit = bsearch(f->rule, rules, nr, sizeof(*rules), id_cmp);
		size_t idx = hit ? (size_t)(hit - rules) : nr;

		if (idx < nr && disabled && disabled[idx]) {
			sg_finding_release(f);
			continue;
		}
		if (idx < nr && severity && severity[idx] >= 0)
			f->severity = (enum sg_severity)severity[idx];
		r->findings[kept++] = *f;
	}
	r->nr = kept;
}
