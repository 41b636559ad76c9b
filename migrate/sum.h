#ifndef SG_SUM_H
#define SG_SUM_H

#include "core/report.h"
#include "core/sbuf.h"
#include "migrate/tree.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * The integrity file of a migration directory, schemagate.sum: one chained
 * SHA-256 per file, so that an edit, a removal or an addition that did not
 * go through `schemagate sum --write` shows up, and so that two branches
 * that both add migrations change the same lines and conflict in git. The
 * exact format is described at the top of migrate/sum.c.
 *
 * Everything works on an sg_tree, so the same code checks the working tree
 * on disk and a git revision; file contents are read through sg_tree_read.
 */
#define SG_SUM_FILE "schemagate.sum"

/* The integrity file's text for `t` (appended to `out`). <0 on read errors. */
int sg_sum_render(sg_tree *t, sbuf *out);

/*
 * Compare `t` with the schemagate.sum it contains; adds sum-mismatch
 * findings to `r` (a malformed sum file is a finding located in it, never
 * an error). Returns 0, SG_ENOTFOUND (with a message) when `t` has no sum
 * file, <0 on read errors.
 */
int sg_sum_check(sg_tree *t, sg_report *r);

/*
 * Render `t` and write it to <t->base>/schemagate.sum atomically (a
 * temporary file in the same folder, then rename). *changed (may be NULL)
 * tells whether the file was created or its content changed; an
 * up-to-date file is left untouched. SG_EINVALID when `t` is not on disk.
 */
int sg_sum_write(sg_tree *t, bool *changed);

/* Number of files the sum covers in `t` (all but schemagate.sum itself). */
size_t sg_sum_nr_files(const sg_tree *t);

#endif
