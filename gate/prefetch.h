#ifndef SG_PREFETCH_H
#define SG_PREFETCH_H

#include "checks/lint.h"
#include "migrate/source.h"

/*
 * Read and parse migration files on worker threads, ahead of the linter,
 * which must see them one by one in order (a file's context depends on
 * the files before it). Parsing is most of the work, so on N cores the
 * run takes about 1/N of the time.
 */
typedef struct sg_prefetch sg_prefetch;

/* Start preparing `files` (borrowed until sg_prefetch_free) on `threads` workers. */
sg_prefetch *sg_prefetch_start(const sg_source_list *files, int threads);

/*
 * Wait for file i (call with i = 0, 1, 2 ... in order). On success returns
 * 0 and borrows the prepared input and the text as read until the next
 * call; otherwise returns the error code with the message set.
 */
int sg_prefetch_next(sg_prefetch *p, size_t i, const sg_lint_input **in, const char **text);

/* Stop the workers and free everything. */
void sg_prefetch_free(sg_prefetch *p);

/* Number of worker threads worth starting on this machine for `files` files. */
int sg_prefetch_threads(size_t files);

#endif
