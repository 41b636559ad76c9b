#ifndef SG_SOURCE_H
#define SG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Where migration SQL comes from: files named on the command line and
 * directories walked for *.sql, in the order migrations run.
 */
typedef struct sg_source_file {
	char *path; /* owned: as given, or joined under the directory given */
	bool is_down; /* a down/undo migration: golang-migrate .down.sql, diesel down.sql, Flyway U */
} sg_source_file;

typedef struct sg_source_list {
	sg_source_file *items; /* owned */
	size_t nr, alloc;
} sg_source_list;

#define SG_SOURCE_LIST_INIT { NULL, 0, 0 }

/*
 * Add `path`: a file as is, a directory walked recursively for *.sql files
 * in migration order. Returns 0, or SG_ENOTFOUND when it does not exist or
 * is a directory without any .sql file.
 */
int sg_source_add_path(sg_source_list *list, const char *path);
void sg_source_list_release(sg_source_list *list);

/* Whether a file name marks a down migration. */
bool sg_source_is_down(const char *path);
/* Compare names as migration versions: digit runs numerically ("2_a" < "10_a"). */
int sg_version_cmp(const char *a, const char *b);

/* The largest migration file read, so hostile input cannot exhaust memory. */
#define SG_MAX_FILE_BYTES ((size_t)256 << 20)

/* Read a whole file (at most `max` bytes) into an owned buffer. */
int sg_read_file(const char *path, size_t max, char **data, size_t *len);
/* Read all of standard input the same way. */
int sg_read_stdin(size_t max, char **data, size_t *len);

#endif
