#ifndef SG_HISTORY_H
#define SG_HISTORY_H

#include "core/report.h"
#include "migrate/migration.h"
#include "migrate/tree.h"

/*
 * What a change does to a migration directory: which migrations it adds
 * (to be linted), and which changes break the history that environments
 * already applied (history rules in checks/rules_history/).
 */
typedef struct sg_history_input {
	sg_tree *base; /* the directory at the merge base; empty when it did not exist */
	sg_tree *head; /* at the head: a commit, or the working tree */
	sg_tree *tip;  /* at the base branch's tip: its newest version bounds new ones; may be `base` */
	const char *tip_name; /* for messages: "origin/main" */
	enum sg_migration_format format; /* SG_FMT_AUTO: detected on the head */
} sg_history_input;

/* A file of the head that the change adds: to be linted. */
typedef struct sg_history_added {
	sg_migration *migration; /* borrowed from `head` */
	const sg_migration_file *file;
} sg_history_added;

typedef struct sg_history {
	sg_migration_set base, head, tip; /* owned */
	sg_history_added *added;          /* owned, in the order the migrations run */
	size_t nr_added, alloc_added;
	size_t modified, deleted, renamed; /* counts, for the summary */
} sg_history;

#define SG_HISTORY_INIT { SG_MIGRATION_SET_INIT, SG_MIGRATION_SET_INIT, SG_MIGRATION_SET_INIT, \
			  NULL, 0, 0, 0, 0, 0 }

/* Compare; history findings go to `r`. Returns 0, or <0 when a tree cannot be read. */
int sg_history_compare(sg_history *h, const sg_history_input *in, sg_report *r);
void sg_history_release(sg_history *h);

#endif
