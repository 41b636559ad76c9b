/*
 * String hash map (see strmap.h). The linter asks "was this table created
 * in this run?" for nearly every statement of runs with thousands of
 * tables, so look-ups must not be linear.
 */
#include "core/strmap.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sg_strmap_slot {
	char *key; /* owned; NULL for an empty slot */
	void *value;
	uint64_t hash;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct sg_strmap_slot *find_slot(const sg_strmap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (m->alloc - 1);

	for (;; i = (i + 1) & (m->alloc - 1)) {
		struct sg_strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && !strcmp(s->key, key)))
			return s;
	}
}

static void rehash(sg_strmap *m)
{
	struct sg_strmap_slot *old = m->slots;
	size_t old_alloc = m->alloc, i;

	m->alloc = m->alloc ? m->alloc * 2 : 16;
	m->slots = xcalloc(m->alloc, sizeof(*m->slots));
	for (i = 0; i < old_alloc; i++)
		if (old[i].key)
			*find_slot(m, old[i].key, old[i].hash) = old[i];
	free(old);
}

void sg_strmap_put(sg_strmap *m, const char *key, void *value)
{
	uint64_t h = hash_str(key);
	struct sg_strmap_slot *s;

	if ((m->nr + 1) * 2 > m->alloc)
		rehash(m);
	s = find_slot(m, key, h);
	if (s->key) {
		if (m->free_value && s->value != value)
			m->free_value(s->value);
	} else {
		s->key = xstrdup(key);
		s->hash = h;
		m->nr++;
	}
	s->value = value;
}

bool sg_strmap_get(const sg_strmap *m, const char *key, void **value)
{
	struct sg_strmap_slot *s;

	if (!m->alloc)
		return false;
	s = find_slot(m, key, hash_str(key));
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}

bool sg_strmap_has(const sg_strmap *m, const char *key)
{
	return sg_strmap_get(m, key, NULL);
}

void sg_strmap_clear(sg_strmap *m)
{
	size_t i;

	for (i = 0; i < m->alloc; i++) {
		if (!m->slots[i].key)
			continue;
		free(m->slots[i].key);
		if (m->free_value)
			m->free_value(m->slots[i].value);
	}
	free(m->slots);
	m->slots = NULL;
	m->nr = m->alloc = 0;
}
