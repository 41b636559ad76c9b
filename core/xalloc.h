#ifndef SG_XALLOC_H
#define SG_XALLOC_H

#include <stddef.h>

/*
 * Allocation that cannot fail: on out-of-memory the process prints one line
 * and exits with code 2. This is the one place below gate/ allowed to end
 * the process, so that callers never need an error path for allocation.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* Grow *items so that it holds at least `need` elements of `size` bytes. */
void *xgrow(void *items, size_t *alloc, size_t need, size_t size);

#define VEC_PUSH(items, nr, alloc) \
	((items) = xgrow((items), &(alloc), (nr) + 1, sizeof(*(items))), &(items)[(nr)++])

#endif
