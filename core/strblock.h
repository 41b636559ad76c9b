#ifndef SG_STRBLOCK_H
#define SG_STRBLOCK_H

#include <stddef.h>

/*
 * Strings kept in large blocks that one owner frees together: a folder of
 * thousands of migrations is listed and read several times per diff, and
 * one allocation (and free) per name costs more than reading the names.
 */
typedef struct sg_strblock sg_strblock;

/* `len` bytes that live until sg_strblock_release(*blocks). */
char *sg_strblock_alloc(sg_strblock **blocks, size_t len);
/* A copy of `s` kept the same way. */
char *sg_strblock_dup(sg_strblock **blocks, const char *s);
void sg_strblock_release(sg_strblock **blocks);

#endif
