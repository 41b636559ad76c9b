#ifndef SG_CATALOG_H
#define SG_CATALOG_H

#include "core/sbuf.h"
#include "migrate/db.h"

#include <stddef.h>

/*
 * A schema as comparable text: one line per table, view, sequence, column
 * (type, NOT NULL, default), constraint, index and enum of the user's
 * schemas, sorted. Two equal catalogs describe the same schema.
 */
typedef struct sg_catalog {
	char **lines; /* owned, sorted */
	size_t nr, alloc;
} sg_catalog;

int sg_catalog_read(sg_db *db, sg_catalog *out);
/*
 * What `after` lacks from `before` ("missing: ...") and what it has that
 * `before` had not ("left behind: ..."), at most `max` lines of each, into
 * `out`; returns how many lines differ.
 */
size_t sg_catalog_diff(const sg_catalog *before, const sg_catalog *after, size_t max, sbuf *out);
void sg_catalog_release(sg_catalog *c);

#endif
