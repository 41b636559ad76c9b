#ifndef SG_REPORT_H
#define SG_REPORT_H

#include "core/finding.h"
#include "core/observation.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * What a run found: the findings plus the counts the summary shows. Every
 * formatter reads only this; nothing here decides how it is shown.
 */
/* What formatters tell about a rule that has findings (SARIF's rule list, help text). */
typedef struct sg_report_rule {
	char *id;          /* owned */
	char *summary;     /* owned: one line */
	char *description; /* owned: why it matters */
	char *help;        /* owned: the safe alternative */
	enum sg_severity severity; /* the rule's default */
} sg_report_rule;

typedef struct sg_report {
	sg_finding *findings; /* owned */
	size_t nr, alloc;
	size_t files;
	size_t statements;
	sg_report_rule *rules; /* owned: the rules of the findings, in the order added */
	size_t nr_rules, alloc_rules;
	char **checked; /* owned: the files checked, in order (clean ones too) */
	size_t nr_checked, alloc_checked;
	/* Dry-run: what the engine did, statement by statement, in the order run. */
	sg_observation *observations; /* owned */
	size_t nr_observations, alloc_observations;
	char *dryrun_database;       /* owned or NULL: "auto", or the target with its password hidden */
	double dryrun_start_seconds; /* how long the throwaway server took to start; <0 none */
	/* Policy: what the checks came to (ran == false: no policy stage). */
	struct sg_report_policy {
		bool ran;
		char *database; /* owned: the target with its password hidden */
		char *packs;    /* owned: the packs run, comma-separated */
		size_t checks, passed, failed, unverifiable, waived, not_applicable;
	} policy;
} sg_report;

#define SG_REPORT_INIT { 0 }

/* Append a zeroed finding owned by the report and return it for filling. */
sg_finding *sg_report_add(sg_report *r);
/* Keep files in the order they were reported; sort each by position, rule. */
void sg_report_sort(sg_report *r);
size_t sg_report_count(const sg_report *r, enum sg_severity s);
/* Note that `path` was checked: counted in `files`, listed in `checked`. */
void sg_report_checked(sg_report *r, const char *path);
/* Describe rule `id` once (later calls for the same id do nothing). */
void sg_report_describe_rule(sg_report *r, const char *id, const char *summary,
			     const char *description, const char *help, enum sg_severity severity);
const sg_report_rule *sg_report_rule_find(const sg_report *r, const char *id);
/* Append a zeroed observation owned by the report; *index is its 1-based index. */
sg_observation *sg_report_add_observation(sg_report *r, size_t *index);
/* The observation a finding points at, or NULL. */
const sg_observation *sg_report_observation(const sg_report *r, const sg_finding *f);
/* Remove finding `i`, keeping the order of the others. */
void sg_report_remove(sg_report *r, size_t i);
void sg_report_release(sg_report *r);

#endif
