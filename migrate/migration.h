#ifndef SG_MIGRATION_H
#define SG_MIGRATION_H

#include "core/report.h"
#include "migrate/hash.h"
#include "migrate/tree.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Migrations as the runner sees them, read from one migration directory
 * (an sg_tree) by the reader of its format. One reader per format in
 * migrate/format_*.c; the format is named in the config or detected from
 * the files.
 */
typedef struct sg_migration sg_migration;
typedef struct sg_migration_set sg_migration_set;

enum sg_migration_format {
	SG_FMT_AUTO,
	SG_FMT_GOLANG_MIGRATE, /* NNN_name.up.sql / NNN_name.down.sql */
	SG_FMT_DIESEL,         /* DIR/up.sql + DIR/down.sql */
	SG_FMT_FLYWAY,         /* V1_2__name.sql, U1_2__name.sql, R__name.sql */
	SG_FMT_DBMATE,         /* NNN_name.sql with -- migrate:up / -- migrate:down */
	SG_FMT_SQITCH,         /* sqitch.plan + deploy/ revert/ verify/ */
	SG_FMT_PLAIN,          /* ordered *.sql */
};

/* One reader per format (migrate/format_*.c). */
typedef struct sg_format_reader {
	enum sg_migration_format format;
	const char *name;
	/* Whether the files look like this format (the first that claims them wins). */
	bool (*detect)(sg_tree *t);
	/*
	 * Add the migrations. Formats that pair an up and a down file by
	 * version (pairs_by_version) add one entry per file: the set reader
	 * merges the parts of one version once the set is sorted.
	 */
	int (*read)(sg_migration_set *set, sg_tree *t);
	bool pairs_by_version;
	/* Optional, after sorting and pairing: issues about the pairs. */
	void (*check)(sg_migration_set *set);
	/* Optional: what the content says (sg_migration_load). */
	int (*load)(sg_migration_set *set, sg_migration *m, sg_tree *t);
} sg_format_reader;

/* Start a migration in the set; version and name are copied (lengths, -1 = strlen). */
sg_migration *sg_migration_new(sg_migration_set *set, const char *version, int version_len,
			       const char *name, int name_len);

/* Path helpers the readers share. */
const char *sg_path_base(const char *path);
bool sg_path_ends(const char *path, const char *suffix);
/* Length of the run of digits at `s`. */
size_t sg_digits(const char *s);

#define SG_MIGRATION_FORMATS "auto, golang-migrate, diesel, flyway, dbmate, sqitch, plain"

enum sg_migration_part { SG_PART_UP, SG_PART_DOWN, SG_PART_VERIFY };

/* One file of a migration: a migration has one or two (sqitch three). */
typedef struct sg_migration_file {
	const char *path; /* borrowed from the tree: relative to the directory */
	enum sg_migration_part part;
	sg_tree_file *file; /* borrowed: the file in the tree, NULL when absent */
} sg_migration_file;

/* The file `f` (may be NULL) as a part of a migration. */
sg_migration_file sg_migration_file_of(sg_tree_file *f, enum sg_migration_part part);

struct sg_migration {
	char *version; /* owned: "20240101120000", "1.2", "3"; "" for repeatable */
	char *key;     /* in version's block: the version as compared ("001.2.0" -> "1.2") */
	char *name;    /* in version's block: the description */
	sg_migration_file up, down, verify; /* path NULL when absent */
	bool has_down_part; /* dbmate: "-- migrate:down" in the same file */
	bool repeatable;    /* Flyway R__: re-run whenever it changes */
	bool no_transaction;
	/* Lines of the up part in its file (dbmate: the up section; others: all). */
	int up_line;
	bool loaded; /* sg_migration_load ran */
};

/*
 * Something wrong with a file of the directory (a name the format cannot
 * read, a dbmate file without its up marker). Kept with the set rather
 * than reported, so that a change is told only about the files it touched.
 */
typedef struct sg_migration_issue {
	const char *path; /* borrowed from the tree */
	const char *rule; /* static: migration-malformed, migration-missing-down */
	int line, column;
	char *message; /* owned */
} sg_migration_issue;

struct sg_migration_set {
	enum sg_migration_format format;
	sg_migration *items; /* owned, in the order they run */
	size_t nr, alloc;
	sg_migration_issue *issues; /* owned */
	size_t nr_issues, alloc_issues;
	const char *plan_path; /* sqitch.plan (borrowed from the tree), or NULL */
	struct sg_strblock *strings; /* owned: where versions, names and keys are kept */
};

#define SG_MIGRATION_SET_INIT { SG_FMT_AUTO, NULL, 0, 0, NULL, 0, 0, NULL, NULL }

const char *sg_migration_format_name(enum sg_migration_format f);
bool sg_migration_format_known(const char *name);
int sg_migration_format_parse(const char *name, enum sg_migration_format *out);

/*
 * Read the migrations of `t` from their names (and the sqitch plan). With
 * SG_FMT_AUTO the format is detected. Migration contents are not read:
 * comparing two revisions of thousands of migrations must not read them.
 */
int sg_migration_set_read(sg_migration_set *set, sg_tree *t, enum sg_migration_format format);
void sg_migration_set_release(sg_migration_set *set);
/*
 * Read what a migration's content says about it (dbmate markers and
 * options, diesel metadata.toml, Flyway .sql.conf): sets no_transaction,
 * has_down_part and up_line, and adds issues to the set.
 */
int sg_migration_load(sg_migration_set *set, sg_migration *m, sg_tree *t);
/* Add an issue about `path` (printf-style message). */
void sg_migration_issue_add(sg_migration_set *set, const char *path, const char *rule, int line,
			    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* SHA-256 of the migration's up file as the runner reads it (its checksum in a history). */
int sg_migration_sha256(const sg_migration *m, sg_tree *t, unsigned char out[SG_SHA256_RAWSZ]);
/* Report the set's issues from number `from` on as findings. */
void sg_migration_issues_report(const sg_migration_set *set, const sg_tree *t, size_t from,
				sg_report *r);
/* The migration a file of `t` belongs to, after `set` was read from `t`; NULL for none. */
sg_migration *sg_migration_of_file(const sg_migration_set *set, const sg_tree *t, const char *path);

/* Versions compare numerically segment by segment: 1.9 < 1.10, 2 < 10. */
int sg_migration_version_cmp(const char *a, const char *b);

#endif
