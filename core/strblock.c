/* Strings in blocks (see strblock.h). */
#include "core/strblock.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)64 << 10)

struct sg_strblock {
	struct sg_strblock *next;
	size_t used, size;
	char data[];
};

char *sg_strblock_alloc(sg_strblock **blocks, size_t len)
{
	sg_strblock *b = *blocks;

	if (!b || b->used + len > b->size) {
		size_t size = len > BLOCK_SIZE ? len : BLOCK_SIZE;
		b = xmalloc(sizeof(*b) + size);
		b->next = *blocks;
		b->used = 0;
		b->size = size;
		*blocks = b;
	}
	b->used += len;
	return b->data + b->used - len;
}

char *sg_strblock_dup(sg_strblock **blocks, const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(sg_strblock_alloc(blocks, len), s, len);
}

void sg_strblock_release(sg_strblock **blocks)
{
	while (*blocks) {
		sg_strblock *next = (*blocks)->next;
		free(*blocks);
		*blocks = next;
	}
}
