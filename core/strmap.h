#ifndef SG_STRMAP_H
#define SG_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A hash map from strings to one pointer-sized value (open addressing,
 * linear probing). Keys are copied and owned by the map; values are
 * whatever the caller stores, owned by the map when `free_value` is set
 * (it frees a value that is replaced or cleared).
 */
typedef struct sg_strmap {
	struct sg_strmap_slot *slots; /* owned */
	size_t nr, alloc;
	void (*free_value)(void *value);
} sg_strmap;

#define SG_STRMAP_INIT { NULL, 0, 0, NULL }

/* Store `value` under `key`, replacing (and freeing, if owned) an older one. */
void sg_strmap_put(sg_strmap *m, const char *key, void *value);
/* The value stored under `key` and true, or false when absent. */
bool sg_strmap_get(const sg_strmap *m, const char *key, void **value);
bool sg_strmap_has(const sg_strmap *m, const char *key);
void sg_strmap_clear(sg_strmap *m);

#endif
