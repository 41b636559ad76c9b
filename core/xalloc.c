/*
 * Allocation wrappers. Running out of memory is fatal by design (see
 * xalloc.h): the tool is a short-lived CLI and every partial result would be
 * worthless, so removing the error path from every caller is the simpler and
 * safer trade.
 */
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(size_t size)
{
	fprintf(stderr, "schemagate: error: out of memory (allocating %zu bytes)\n", size);
	exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void *xgrow(void *items, size_t *alloc, size_t need, size_t size)
{
	size_t n;

	if (need <= *alloc)
		return items;
	n = *alloc ? *alloc * 2 : 8;
	if (n < need)
		n = need;
	if (n > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	*alloc = n;
	return xrealloc(items, n * size);
}
