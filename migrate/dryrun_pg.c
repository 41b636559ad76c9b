/*
 * The PostgreSQL dry-run (see dryrun.h).
 *
 * How the engine is watched. After each statement, while its transaction
 * is still open, one query reads the relation locks this backend holds
 * (pg_locks) and the session's lock_timeout. The relations that existed
 * before the run and are now held in SHARE UPDATE EXCLUSIVE or stronger
 * (every DDL takes that much) are read again from the catalog and compared
 * with what was seen before: a new relfilenode is a rewrite, a higher
 * pg_stat_get_xact_numscans() a scan, a new pg_index row an index build, a
 * constraint that became valid a validation, a missing pg_class row a drop.
 * Then a second session tries, without waiting, to take the locks a plain
 * read and a plain write need on each touched table.
 *
 * Why locks are compared with a baseline: a runner commits each migration
 * (or each statement) on its own, which releases its locks. On staging the
 * whole run is one transaction, so locks from earlier migrations are still
 * held; only those taken since the current transaction of the migration
 * began count, and a lock that is already held is invisible when taken
 * again, so the offline model (pg_locks.h) fills in those.
 */
#include "migrate/dryrun.h"
#include "checks/pg_locks.h"
#include "checks/pg_walk.h"
#include "checks/rule.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "migrate/catalog.h"
#include "migrate/db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct col {
	int attnum;
	char *name, *type;
	unsigned typid;
	bool notnull, dropped;
};

struct con {
	unsigned oid;
	char type; /* pg_constraint.contype */
	bool valid;
	char *name;
	char *columns; /* pg_constraint.conkey: "{2,3}" */
};

struct idx {
	unsigned oid;
	char *name;
};

/* A relation as the catalog showed it. */
struct rel {
	unsigned oid, filenode;
	char kind; /* pg_class.relkind */
	double tuples;
	long scans; /* pg_stat_get_xact_numscans */
	char *schema, *name; /* as the catalog shows them now */
	/*
	 * The name before the run, for messages and for the probe, which
	 * cannot see a rename the run has not committed: "users" (public is
	 * left out), and "public"."users" quoted for a statement.
	 */
	char *shown, *sql;
	struct col *cols;
	size_t nr_cols, alloc_cols;
	struct con *cons;
	size_t nr_cons, alloc_cons;
	struct idx *idxs;
	size_t nr_idxs, alloc_idxs;
	bool gone;
};

struct relset {
	struct rel *v; /* sorted by oid */
	size_t nr, alloc;
};

struct held {
	unsigned oid;
	enum pg_lockmode mode;
};

struct lockset {
	struct held *v;
	size_t nr, alloc;
};

struct sg_dryrun {
	sg_dryrun_options o;
	sg_report *r;
	sg_db *db, *probe;
	int server_version;
	double t0_ms; /* when the run began */
	struct relset rels; /* what existed before the first migration */
	bool snapshot_taken;
	struct lockset now;      /* held after the last statement */
	struct lockset baseline; /* held when the current transaction began */
	bool etx_open;           /* staging: the migration's own transaction is open */
	char *default_lock_timeout; /* the server's, before ours */
	char *lock_timeout_seen;    /* after the last statement */
	char *migration_lock_timeout; /* the migration's own ("0": off) */
	char *our_lock_timeout;       /* staging: ours, as the server shows it; NULL: none */
	sg_db_rows *sequences;      /* staging: every sequence's state before the run */
	bool stopped;               /* a migration failed or the budget ran out */
	char *stopped_by;
};

/* What one statement did to the relations that existed. */
struct effects {
	bool work;     /* a scan, build, validation or rewrite of an existing table */
	sbuf rewrote;  /* "public.orders, public.orders_pkey" */
	sbuf breaking; /* "dropped column public.users.email; ..." */
	sbuf worked;   /* what the work was, for messages */
	unsigned *rewritten_tables; /* oids */
	size_t nr_rewritten_tables, alloc_rewritten_tables;
};

/* ---- small helpers ---- */

static unsigned to_oid(const char *s)
{
	return s ? (unsigned)strtoul(s, NULL, 10) : 0;
}

static bool to_bool(const char *s)
{
	return s && s[0] == 't';
}

static enum pg_lockmode mode_from_pg_locks(const char *m)
{
	static const struct {
		const char *name;
		enum pg_lockmode mode;
	} modes[] = {
		{ "AccessShareLock", PG_ACCESS_SHARE },
		{ "RowShareLock", PG_ROW_SHARE },
		{ "RowExclusiveLock", PG_ROW_EXCLUSIVE },
		{ "ShareUpdateExclusiveLock", PG_SHARE_UPDATE_EXCLUSIVE },
		{ "ShareLock", PG_SHARE },
		{ "ShareRowExclusiveLock", PG_SHARE_ROW_EXCLUSIVE },
		{ "ExclusiveLock", PG_EXCLUSIVE },
		{ "AccessExclusiveLock", PG_ACCESS_EXCLUSIVE },
	};
	size_t i;

	for (i = 0; m && i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(m, modes[i].name))
			return modes[i].mode;
	return PG_NO_LOCK;
}

static bool is_table(const struct rel *rel)
{
	return rel->kind == 'r' || rel->kind == 'p' || rel->kind == 'm';
}

static bool is_index(const struct rel *rel)
{
	return rel->kind == 'i' || rel->kind == 'I';
}

/* "public.users" is shown as "users", as migrations usually write it. */
static void add_rel_name(sbuf *sb, const struct rel *rel)
{
	if (strcmp(rel->schema, "public"))
		sbuf_addf(sb, "%s.", rel->schema);
	sbuf_adds(sb, rel->name);
}

static char *rel_name(const struct rel *rel)
{
	sbuf sb = SBUF_INIT;

	if (rel->shown)
		return xstrdup(rel->shown);
	add_rel_name(&sb, rel);
	return sbuf_detach(&sb);
}

/* Work on a table: for the finding's message and the observation's events. */
static void note_work(sg_observation *obs, struct effects *fx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_item(sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_item(sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	if (sb->len)
		sbuf_adds(sb, "; ");
	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

static void note_work(sg_observation *obs, struct effects *fx, const char *fmt, ...)
{
	sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fx->work = true;
	add_item(&fx->worked, "%s", sb.buf);
	sg_observation_add_event(obs, "%s", sb.buf);
	sbuf_release(&sb);
}

/* ---- relations ---- */

static void rel_release(struct rel *rel)
{
	size_t i;

	for (i = 0; i < rel->nr_cols; i++) {
		free(rel->cols[i].name);
		free(rel->cols[i].type);
	}
	for (i = 0; i < rel->nr_cons; i++) {
		free(rel->cons[i].name);
		free(rel->cons[i].columns);
	}
	for (i = 0; i < rel->nr_idxs; i++)
		free(rel->idxs[i].name);
	free(rel->cols);
	free(rel->cons);
	free(rel->idxs);
	free(rel->schema);
	free(rel->name);
	free(rel->shown);
	free(rel->sql);
	memset(rel, 0, sizeof(*rel));
}

static void relset_release(struct relset *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		rel_release(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int rel_cmp(const void *a, const void *b)
{
	unsigned x = ((const struct rel *)a)->oid, y = ((const struct rel *)b)->oid;
	return x < y ? -1 : x > y;
}

static struct rel *relset_find(const struct relset *s, unsigned oid)
{
	struct rel key;

	key.oid = oid;
	return s->nr ? bsearch(&key, s->v, s->nr, sizeof(*s->v), rel_cmp) : NULL;
}

static struct rel *relset_find_name(const struct relset *s, const char *schema, const char *name)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (!s->v[i].gone && !strcmp(s->v[i].name, name) &&
		    !strcmp(s->v[i].schema, schema ? schema : "public"))
			return &s->v[i];
	return NULL;
}

/*
 * The relations `where` selects (a condition on pg_class c and
 * pg_namespace n), with their columns, constraints and indexes, in one
 * round trip.
 */
static const char relations_sql[] =
	"WITH rels AS (SELECT c.oid, c.relfilenode, n.nspname, c.relname, c.relkind, c.reltuples"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %s)"
	" SELECT 'r', oid::text, relfilenode::text, nspname::text, relname::text, relkind::text,"
	"  reltuples::text, pg_stat_get_xact_numscans(oid)::text,"
	"  quote_ident(nspname) || '.' || quote_ident(relname) FROM rels"
	" UNION ALL SELECT 'a', a.attrelid::text, a.attnum::text, a.attname::text,"
	"  format_type(a.atttypid, a.atttypmod), a.atttypid::text, a.attnotnull::text,"
	"  a.attisdropped::text, NULL FROM pg_attribute a JOIN rels r ON r.oid = a.attrelid"
	"  WHERE a.attnum > 0 AND r.relkind IN ('r', 'p', 'm', 'f', 'v')"
	" UNION ALL SELECT 'c', k.conrelid::text, k.oid::text, k.conname::text, k.contype::text,"
	"  k.convalidated::text, k.conkey::text, NULL, NULL FROM pg_constraint k"
	"  JOIN rels r ON r.oid = k.conrelid"
	" UNION ALL SELECT 'i', i.indrelid::text, i.indexrelid::text, ic.relname::text, NULL, NULL,"
	"  NULL, NULL, NULL FROM pg_index i JOIN rels r ON r.oid = i.indrelid"
	"  JOIN pg_class ic ON ic.oid = i.indexrelid";

static const char existing_where[] =
	"n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
	" AND n.nspname NOT LIKE 'pg\\_temp%' AND c.relkind IN ('r', 'p', 'm', 'i', 'I', 'v', 'f')";

static void add_detail(struct relset *s, const sg_db_rows *rows, size_t i)
{
	const char *kind = sg_db_rows_value(rows, i, 0);
	struct rel *rel = relset_find(s, to_oid(sg_db_rows_value(rows, i, 1)));

	if (!rel)
		return;
	if (kind[0] == 'a') {
		struct col *c = VEC_PUSH(rel->cols, rel->nr_cols, rel->alloc_cols);
		c->attnum = atoi(sg_db_rows_value(rows, i, 2));
		c->name = xstrdup(sg_db_rows_value(rows, i, 3));
		c->type = xstrdup(sg_db_rows_value(rows, i, 4));
		c->typid = to_oid(sg_db_rows_value(rows, i, 5));
		c->notnull = to_bool(sg_db_rows_value(rows, i, 6));
		c->dropped = to_bool(sg_db_rows_value(rows, i, 7));
	} else if (kind[0] == 'c') {
		struct con *c = VEC_PUSH(rel->cons, rel->nr_cons, rel->alloc_cons);
		c->oid = to_oid(sg_db_rows_value(rows, i, 2));
		c->name = xstrdup(sg_db_rows_value(rows, i, 3));
		c->type = sg_db_rows_value(rows, i, 4)[0];
		c->valid = to_bool(sg_db_rows_value(rows, i, 5));
		c->columns = xstrdup(sg_db_rows_value(rows, i, 6) ? sg_db_rows_value(rows, i, 6) : "{}");
	} else if (kind[0] == 'i') {
		struct idx *x = VEC_PUSH(rel->idxs, rel->nr_idxs, rel->alloc_idxs);
		x->oid = to_oid(sg_db_rows_value(rows, i, 2));
		x->name = xstrdup(sg_db_rows_value(rows, i, 3));
	}
}

/* `oids` ("{16384,16390}") selects those relations; NULL selects all that existed. */
static int load_relations(sg_dryrun *d, const char *oids, struct relset *out)
{
	sbuf sql = SBUF_INIT;
	sg_db_rows *rows;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	sbuf_addf(&sql, relations_sql, oids ? "c.oid = ANY($1::oid[])" : existing_where);
	rc = oids ? sg_db_query_prepared(d->db, "sg_relations", sql.buf, oids, &rows)
		  : sg_db_query(d->db, sql.buf, &rows, NULL);
	sbuf_release(&sql);
	if (rc < 0)
		return rc;
	n = sg_db_rows_count(rows);
	for (i = 0; i < n; i++) {
		struct rel *rel;

		if (sg_db_rows_value(rows, i, 0)[0] != 'r')
			continue;
		rel = VEC_PUSH(out->v, out->nr, out->alloc);
		memset(rel, 0, sizeof(*rel));
		rel->oid = to_oid(sg_db_rows_value(rows, i, 1));
		rel->filenode = to_oid(sg_db_rows_value(rows, i, 2));
		rel->schema = xstrdup(sg_db_rows_value(rows, i, 3));
		rel->name = xstrdup(sg_db_rows_value(rows, i, 4));
		rel->kind = sg_db_rows_value(rows, i, 5)[0];
		rel->tuples = atof(sg_db_rows_value(rows, i, 6));
		rel->scans = atol(sg_db_rows_value(rows, i, 7));
		rel->sql = xstrdup(sg_db_rows_value(rows, i, 8));
		rel->shown = rel_name(rel);
	}
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), rel_cmp);
	for (i = 0; i < n; i++)
		if (sg_db_rows_value(rows, i, 0)[0] != 'r')
			add_detail(out, rows, i);
	sg_db_rows_free(rows);
	return 0;
}

/* ---- locks ---- */

static void lockset_add(struct lockset *ls, unsigned oid, enum pg_lockmode mode)
{
	*VEC_PUSH(ls->v, ls->nr, ls->alloc) = (struct held){ oid, mode };
}

static bool lockset_has(const struct lockset *ls, unsigned oid, enum pg_lockmode mode)
{
	size_t i;

	for (i = 0; i < ls->nr; i++)
		if (ls->v[i].oid == oid && ls->v[i].mode == mode)
			return true;
	return false;
}

static void lockset_copy(struct lockset *to, const struct lockset *from)
{
	to->nr = 0;
	for (size_t i = 0; i < from->nr; i++)
		lockset_add(to, from->v[i].oid, from->v[i].mode);
}

/* The locks this backend holds now, and the session's lock_timeout. */
static int read_locks(sg_dryrun *d)
{
	sg_db_rows *rows;
	size_t i, n;

	if (sg_db_query_prepared(d->db, "sg_locks",
				 "SELECT relation::text, mode, current_setting('lock_timeout') FROM pg_locks"
				 " WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted"
				 " AND database = (SELECT oid FROM pg_database"
				 " WHERE datname = current_database())"
				 " UNION ALL SELECT NULL, NULL, current_setting('lock_timeout')",
				 NULL, &rows) < 0)
		return -1;
	d->now.nr = 0;
	n = sg_db_rows_count(rows);
	for (i = 0; i < n; i++) {
		const char *oid = sg_db_rows_value(rows, i, 0);
		if (oid)
			lockset_add(&d->now, to_oid(oid), mode_from_pg_locks(sg_db_rows_value(rows, i, 1)));
		else {
			free(d->lock_timeout_seen);
			d->lock_timeout_seen = xstrdup(sg_db_rows_value(rows, i, 2));
		}
	}
	sg_db_rows_free(rows);
	return 0;
}

/*
 * The locks taken since the current transaction began, strongest per
 * relation, on relations that existed; locks the statement takes again
 * while an earlier migration of a staging run still holds them come from
 * the offline model.
 */
static enum pg_lockmode taken_since_baseline(const sg_dryrun *d, unsigned oid)
{
	enum pg_lockmode best = PG_NO_LOCK;
	size_t i;

	for (i = 0; i < d->now.nr; i++)
		if (d->now.v[i].oid == oid && d->now.v[i].mode > best &&
		    !lockset_has(&d->baseline, oid, d->now.v[i].mode))
			best = d->now.v[i].mode;
	return best;
}

static enum pg_lockmode strongest_held(const struct lockset *ls, unsigned oid)
{
	enum pg_lockmode best = PG_NO_LOCK;
	size_t i;

	for (i = 0; i < ls->nr; i++)
		if (ls->v[i].oid == oid && ls->v[i].mode > best)
			best = ls->v[i].mode;
	return best;
}

struct taken {
	struct rel *rel;
	enum pg_lockmode mode;
	bool fresh; /* taken by this very statement */
};

static size_t locks_taken(sg_dryrun *d, const sg_node *stmt, struct taken *out, size_t max)
{
	pg_lock predicted[PG_MAX_LOCKS];
	size_t nr = 0, i, j, np;

	for (i = 0; i < d->rels.nr && nr < max; i++) {
		struct rel *rel = &d->rels.v[i];
		enum pg_lockmode m;

		if (rel->gone && !strongest_held(&d->now, rel->oid))
			continue;
		if (is_index(rel) || (m = taken_since_baseline(d, rel->oid)) == PG_NO_LOCK)
			continue;
		out[nr++] = (struct taken){ rel, m, false };
	}
	np = pg_stmt_locks(stmt, d->server_version, predicted, PG_MAX_LOCKS);
	for (i = 0; i < np; i++) {
		struct rel *rel = predicted[i].is_index ? NULL
				  : relset_find_name(&d->rels, predicted[i].schema, predicted[i].name);

		if (!rel || strongest_held(&d->baseline, rel->oid) < predicted[i].mode)
			continue;
		for (j = 0; j < nr && out[j].rel != rel; j++)
			;
		if (j < nr && out[j].mode < predicted[i].mode)
			out[j].mode = predicted[i].mode;
		else if (j == nr && nr < max)
			out[nr++] = (struct taken){ rel, predicted[i].mode, false };
	}
	return nr;
}

/* ---- what changed ---- */

static const struct col *col_find(const struct rel *rel, int attnum)
{
	size_t i;

	for (i = 0; i < rel->nr_cols; i++)
		if (rel->cols[i].attnum == attnum)
			return &rel->cols[i];
	return NULL;
}

static const struct con *con_find(const struct rel *rel, unsigned oid)
{
	size_t i;

	for (i = 0; i < rel->nr_cons; i++)
		if (rel->cons[i].oid == oid)
			return &rel->cons[i];
	return NULL;
}

static bool has_index(const struct rel *rel, unsigned oid)
{
	size_t i;

	for (i = 0; i < rel->nr_idxs; i++)
		if (rel->idxs[i].oid == oid)
			return true;
	return false;
}

/* The number in "character varying(20)", or -1. */
static long type_length(const char *type)
{
	const char *p = strchr(type, '(');
	return p && !strchr(p, ',') ? strtol(p + 1, NULL, 10) : -1;
}

/* "numeric(10,2)" -> precision 10, scale 2; false without both. */
static bool type_precision(const char *type, long *precision, long *scale)
{
	const char *p = strchr(type, '(');
	char *end;

	if (!p || !strchr(p, ','))
		return false;
	*precision = strtol(p + 1, &end, 10);
	*scale = strtol(end + 1, NULL, 10);
	return true;
}

/*
 * Whether every value of the old type still fits the new one and reads
 * back the same way: a longer or unbounded length, more precision at the
 * same scale, or an implicit cast to an unconstrained type (int4 to int8,
 * varchar to text, timestamp to timestamptz).
 */
static bool type_change_compatible(sg_dryrun *d, const struct col *old, const struct col *now)
{
	char sql[160], *ctx = NULL;
	long p0, s0, p1, s1;
	bool ok;

	if (old->typid == now->typid) {
		if (!strchr(now->type, '('))
			return true;
		if (type_precision(old->type, &p0, &s0) && type_precision(now->type, &p1, &s1))
			return s1 >= s0 && p1 - s1 >= p0 - s0; /* no digit lost on either side */
		return type_length(old->type) >= 0 && type_length(now->type) >= type_length(old->type);
	}
	if (strchr(now->type, '('))
		return false;
	snprintf(sql, sizeof(sql),
		 "SELECT castcontext FROM pg_cast WHERE castsource = %u AND casttarget = %u",
		 old->typid, now->typid);
	if (sg_db_query_value(d->db, sql, &ctx, NULL) < 0)
		return false;
	ok = ctx && ctx[0] == 'i';
	free(ctx);
	return ok;
}

static void compare_columns(sg_dryrun *d, const struct rel *old, const struct rel *now,
			    sg_observation *obs, struct effects *fx)
{
	char *name = rel_name(old);
	size_t i;

	for (i = 0; i < old->nr_cols; i++) {
		const struct col *a = &old->cols[i], *b = col_find(now, a->attnum);

		if (a->dropped)
			continue;
		if (!b || b->dropped) {
			add_item(&fx->breaking, "dropped column %s.%s", name, a->name);
			continue;
		}
		if (strcmp(a->name, b->name))
			add_item(&fx->breaking, "renamed column %s.%s to %s", name, a->name, b->name);
		if (strcmp(a->type, b->type)) {
			sg_observation_add_event(obs, "%s.%s: type %s -> %s", name, b->name, a->type,
						 b->type);
			if (!type_change_compatible(d, a, b))
				add_item(&fx->breaking, "changed %s.%s from %s to %s, which not every "
					 "value or reader of the old type survives",
					 name, b->name, a->type, b->type);
		}
		if (!a->notnull && b->notnull)
			sg_observation_add_event(obs, "%s.%s: set NOT NULL", name, b->name);
	}
	free(name);
}

/* ALTER COLUMN TYPE rebuilds an index under a new oid but the same name. */
static bool index_named(const struct rel *rel, const char *name)
{
	size_t i;

	for (i = 0; i < rel->nr_idxs; i++)
		if (!strcmp(rel->idxs[i].name, name))
			return true;
	return false;
}

static bool con_named(const struct rel *rel, const char *name)
{
	size_t i;

	for (i = 0; i < rel->nr_cons; i++)
		if (!strcmp(rel->cons[i].name, name))
			return true;
	return false;
}

/*
 * Whether a new foreign key covers a column that existed before. One only
 * on columns added by the same statement without a default is marked
 * valid without a check: those columns are NULL in every row.
 */
static bool on_existing_columns(const struct rel *old, const struct con *c)
{
	const char *p = c->columns;

	while (*p) {
		const struct col *col;
		char *end;
		long attnum = strtol(p + (*p == '{' || *p == ','), &end, 10);

		if (end == p + (*p == '{' || *p == ','))
			break;
		col = col_find(old, (int)attnum);
		if (col && !col->dropped)
			return true;
		p = end;
	}
	return false;
}

/*
 * Constraints and indexes. ALTER COLUMN TYPE drops and re-creates those on
 * the column under the same names: a re-created CHECK or foreign key is
 * validated again, and a re-created index is built again.
 */
static void compare_constraints(const struct rel *old, const struct rel *now,
				sg_observation *obs, struct effects *fx)
{
	char *name = rel_name(old);
	size_t i;

	for (i = 0; i < now->nr_cons; i++) {
		const struct con *b = &now->cons[i], *a = con_find(old, b->oid);
		bool checked = b->type == 'c' || b->type == 'f';

		if (checked && b->valid && (a ? !a->valid : b->type == 'c' || on_existing_columns(old, b)))
			note_work(obs, fx, "validated constraint %s on %s", b->name, name);
		else if (!a && !con_named(old, b->name))
			sg_observation_add_event(obs, "added constraint %s to %s%s", b->name, name,
						 checked && !b->valid ? " (NOT VALID)" : "");
	}
	for (i = 0; i < old->nr_cons; i++)
		if (!con_find(now, old->cons[i].oid) && !con_named(now, old->cons[i].name))
			sg_observation_add_event(obs, "dropped constraint %s of %s", old->cons[i].name,
						 name);
	for (i = 0; i < now->nr_idxs; i++)
		if (!has_index(old, now->idxs[i].oid))
			note_work(obs, fx, "%s index %s on %s",
				  index_named(old, now->idxs[i].name) ? "rebuilt" : "built",
				  now->idxs[i].name, name);
	free(name);
}

static bool table_rewritten(const struct effects *fx, unsigned oid)
{
	size_t i;

	for (i = 0; i < fx->nr_rewritten_tables; i++)
		if (fx->rewritten_tables[i] == oid)
			return true;
	return false;
}

/* The table an index of the snapshot belongs to. */
static const struct rel *index_table(const sg_dryrun *d, unsigned index_oid)
{
	size_t i;

	for (i = 0; i < d->rels.nr; i++)
		if (is_table(&d->rels.v[i]) && has_index(&d->rels.v[i], index_oid))
			return &d->rels.v[i];
	return NULL;
}

static void compare_relation(sg_dryrun *d, const struct rel *old, const struct rel *now,
			     bool dml, sg_observation *obs, struct effects *fx)
{
	char *name = rel_name(old);

	if (!now) {
		if (!is_index(old))
			add_item(&fx->breaking, "dropped %s %s",
				 old->kind == 'v' ? "view" : old->kind == 'm' ? "materialized view" : "table",
				 name);
		free(name);
		return;
	}
	if (!is_index(old) && (strcmp(old->name, now->name) || strcmp(old->schema, now->schema))) {
		sbuf to = SBUF_INIT;
		add_rel_name(&to, now);
		add_item(&fx->breaking, "renamed %s to %s", name, to.buf);
		sbuf_release(&to);
	}
	if (old->filenode && now->filenode != old->filenode) {
		const struct rel *table = is_index(old) ? index_table(d, old->oid) : NULL;

		/* A rewritten table rebuilds all its indexes: name the table only. */
		if (!table || !table_rewritten(fx, table->oid)) {
			add_item(&fx->rewrote, "%s%s", is_index(old) ? "index " : "", name);
			sg_observation_add_rewritten(obs, name);
		}
		if (!is_index(old))
			*VEC_PUSH(fx->rewritten_tables, fx->nr_rewritten_tables,
				  fx->alloc_rewritten_tables) = old->oid;
		fx->work = true;
	}
	if (now->scans > old->scans && !dml && is_table(old))
		note_work(obs, fx, "scanned %s", name);
	compare_columns(d, old, now, obs, fx);
	compare_constraints(old, now, obs, fx);
	free(name);
}

/* The catalog's new view of a relation, under the names it had before the run. */
static void replace_relation(struct rel *old, struct rel *now)
{
	char *shown = old->shown, *sql = old->sql;

	if (!now) {
		old->gone = true;
		return;
	}
	old->shown = old->sql = NULL;
	rel_release(old);
	*old = *now;
	memset(now, 0, sizeof(*now));
	free(old->shown);
	free(old->sql);
	old->shown = shown;
	old->sql = sql;
}

/*
 * Read again the relations that existed and are held in SHARE UPDATE
 * EXCLUSIVE or stronger, and compare: tables first, so that indexes
 * rebuilt by a table rewrite are not named again.
 */
static int refresh(sg_dryrun *d, bool dml, sg_observation *obs, struct effects *fx)
{
	struct relset fresh;
	sbuf where = SBUF_INIT;
	size_t i;
	int pass;

	for (i = 0; i < d->rels.nr; i++)
		if (!d->rels.v[i].gone &&
		    strongest_held(&d->now, d->rels.v[i].oid) >= PG_SHARE_UPDATE_EXCLUSIVE)
			sbuf_addf(&where, "%s%u", where.len ? "," : "{", d->rels.v[i].oid);
	if (!where.len) {
		sbuf_release(&where);
		return 0;
	}
	sbuf_addch(&where, '}');
	if (load_relations(d, where.buf, &fresh) < 0) {
		sbuf_release(&where);
		return -1;
	}
	sbuf_release(&where);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->rels.nr; i++) {
			struct rel *old = &d->rels.v[i];
			if (old->gone || is_index(old) != (pass == 1) ||
			    strongest_held(&d->now, old->oid) < PG_SHARE_UPDATE_EXCLUSIVE)
				continue;
			compare_relation(d, old, relset_find(&fresh, old->oid), dml, obs, fx);
		}
	for (i = 0; i < d->rels.nr; i++)
		if (!d->rels.v[i].gone &&
		    strongest_held(&d->now, d->rels.v[i].oid) >= PG_SHARE_UPDATE_EXCLUSIVE)
			replace_relation(&d->rels.v[i], relset_find(&fresh, d->rels.v[i].oid));
	relset_release(&fresh);
	return 0;
}

/* ---- the probe: could a second session read and write? ---- */

/* 1 when `mode` on the table cannot be taken right now, 0 when it can, -1 unknown. */
/* Run `statement` in a transaction of its own: 1 when it could not get its lock, 0 when it could, -1 unknown. */
static signed char probe_statement(sg_dryrun *d, const char *statement)
{
	sg_db_error err;
	sbuf sql = SBUF_INIT;
	int rc;

	sbuf_addf(&sql, "BEGIN; %s; ROLLBACK", statement);
	rc = sg_db_exec(d->probe, sql.buf, &err);
	sbuf_release(&sql);
	if (rc == 0)
		return 0;
	sg_db_exec(d->probe, "ROLLBACK", NULL);
	return !strcmp(err.sqlstate, "55P03") ? 1 : -1;
}

static signed char probe_lock(sg_dryrun *d, const struct rel *rel, const char *mode)
{
	char sql[1024];

	snprintf(sql, sizeof(sql), "LOCK TABLE ONLY %s IN %s MODE NOWAIT", rel->sql, mode);
	return probe_statement(d, sql);
}

static signed char probe_read_view(sg_dryrun *d, const struct rel *rel)
{
	char sql[1024];

	snprintf(sql, sizeof(sql), "SET LOCAL lock_timeout = '10ms'; SELECT FROM %s LIMIT 0", rel->sql);
	return probe_statement(d, sql);
}

/*
 * A table is probed with LOCK TABLE ... NOWAIT in the modes a plain read
 * and a plain write take. A materialized view cannot be locked by name and
 * is never written: a read of it is tried, with a lock_timeout too short to
 * wait for anything.
 */
static void probe(sg_dryrun *d, const struct taken *t, sg_obs_lock *l)
{
	/*
	 * On staging an earlier migration's stronger lock is still held and
	 * would answer for this one; what this lock alone blocks is known.
	 */
	if (strongest_held(&d->now, t->rel->oid) > t->mode) {
		l->reads_blocked = pg_lock_blocks_reads(t->mode);
		l->writes_blocked = pg_lock_blocks_writes(t->mode);
		return;
	}
	if (!d->probe || t->rel->gone)
		return;
	if (t->rel->kind == 'm') {
		l->reads_blocked = probe_read_view(d, t->rel);
		return;
	}
	if (t->rel->kind != 'r' && t->rel->kind != 'p')
		return;
	l->reads_blocked = probe_lock(d, t->rel, "ACCESS SHARE");
	/* What blocks a read (only ACCESS EXCLUSIVE does) blocks a write. */
	l->writes_blocked = l->reads_blocked == 1 ? 1 : probe_lock(d, t->rel, "ROW EXCLUSIVE");
}

/* ---- findings ---- */

struct stmt {
	const char *path;
	const sg_text *lines;
	const char *text; /* the file */
	size_t start, end;
	const sg_node *node;
	const char *tag;
	sg_observation *obs;
	size_t obs_index;
};

static sg_finding *report(sg_dryrun *d, const struct stmt *st, const char *rule, size_t at,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static sg_finding *report(sg_dryrun *d, const struct stmt *st, const char *rule, size_t at,
			  const char *fmt, ...)
{
	sg_pos p = sg_text_pos(st->lines, at), e = sg_text_pos(st->lines, st->end);
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = sg_rule_vreport(d->r, rule, st->path, p.line, p.column, fmt, ap);
	va_end(ap);
	f->end_line = e.line;
	f->end_column = e.column;
	f->observation = st->obs_index;
	return f;
}

/*
 * Whether the lock stops the relation's traffic: writes and reads for a
 * table, reads only for a materialized view, which nothing writes
 * (REFRESH ... CONCURRENTLY takes EXCLUSIVE and lets reads go on).
 */
static bool blocks_traffic(const struct taken *t)
{
	return t->rel->kind == 'm' ? pg_lock_blocks_reads(t->mode) : pg_lock_blocks_writes(t->mode);
}

static const char *blocked_text(const sg_obs_lock *l)
{
	if (l->reads_blocked == 1)
		return "a second session could neither read nor write it";
	if (l->writes_blocked == 1)
		return l->reads_blocked == 0 ? "a second session could read it but not write it"
					     : "a second session could not write it";
	if (l->writes_blocked == 0)
		return "yet a second session could still read and write it";
	return "a second session was not able to probe it";
}

static void report_effects(sg_dryrun *d, const struct stmt *st, const struct taken *taken,
			   size_t nr_taken, const struct effects *fx)
{
	const sg_observation *o = st->obs;
	size_t i;

	if (fx->rewrote.len)
		report(d, st, "table-rewrite", st->start,
		       "rewrote %s: every row is copied and every index rebuilt while ACCESS "
		       "EXCLUSIVE blocks all reads and writes",
		       fx->rewrote.buf);
	/* A rewrite's own finding already says it blocks everything. */
	for (i = 0; fx->work && !fx->rewrote.len && i < nr_taken; i++)
		if (blocks_traffic(&taken[i])) {
			report(d, st, "blocking-lock", st->start,
			       "%s on %s was held while the statement did work proportional to the "
			       "table (%s); %s",
			       pg_lockmode_name(taken[i].mode), o->locks[i].relation,
			       fx->worked.buf,
			       blocked_text(&o->locks[i]));
			break;
		}
	if (fx->breaking.len)
		report(d, st, "breaking-change", st->start, "%s", fx->breaking.buf);
	if (!strcmp(d->migration_lock_timeout, "0"))
		for (i = 0; i < nr_taken; i++)
			if (taken[i].fresh && blocks_traffic(&taken[i])) {
				report(d, st, "lock-without-timeout", st->start,
				       "took %s on %s with lock_timeout off: behind any long "
				       "transaction on the table it waits, and every query on the "
				       "table queues behind it",
				       pg_lockmode_name(taken[i].mode), o->locks[i].relation);
				break;
			}
}

/* ---- running statements ---- */

static bool is_dml(const char *tag)
{
	return !strcmp(tag, "SelectStmt") || !strcmp(tag, "InsertStmt") ||
	       !strcmp(tag, "UpdateStmt") || !strcmp(tag, "DeleteStmt") ||
	       !strcmp(tag, "MergeStmt") || !strcmp(tag, "CopyStmt");
}

static bool mentions(const struct stmt *st, const char *word)
{
	size_t n = strlen(word), i;

	for (i = st->start; i + n <= st->end; i++)
		if (!strncasecmp(st->text + i, word, n))
			return true;
	return false;
}

static void set_string(char **to, const char *value)
{
	free(*to);
	*to = value ? xstrdup(value) : NULL;
}

/* staging: the timeouts that keep a run from waiting on the staging database's traffic */
static int apply_our_timeouts(sg_dryrun *d)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SET LOCAL lock_timeout = %d; SET LOCAL statement_timeout = %d",
		 d->o.lock_timeout_ms, d->o.statement_timeout_ms);
	return sg_db_exec(d->db, sql, NULL);
}

/*
 * The migration's own lock_timeout. On staging ours is in force, so a
 * value other than ours, or any value after a statement that names the
 * setting, is the migration's; ours is then put back.
 */
static int track_lock_timeout(sg_dryrun *d, const struct stmt *st)
{
	const char *seen = d->lock_timeout_seen;

	if (!d->o.staging) {
		set_string(&d->migration_lock_timeout, seen);
		return 0;
	}
	if (strcmp(seen, d->our_lock_timeout) || mentions(st, "lock_timeout"))
		set_string(&d->migration_lock_timeout, seen);
	if (strcmp(seen, d->our_lock_timeout) || !strcmp(st->tag, "VariableSetStmt"))
		return apply_our_timeouts(d);
	return 0;
}

/*
 * pg_stat_get_xact_numscans() shows the backend's counts not yet sent to
 * the statistics, which it sends only when idle outside a transaction
 * block: inside one they only grow. On a throwaway database, where
 * transactions end, the counts are read again when one begins.
 */
static int transaction_began(sg_dryrun *d)
{
	sg_db_rows *rows;
	size_t i, n;

	lockset_copy(&d->baseline, &d->now);
	if (d->o.staging || !d->rels.nr)
		return 0;
	if (sg_db_query_prepared(d->db, "sg_scans",
				 "SELECT c.oid::text, pg_stat_get_xact_numscans(c.oid)::text"
				 " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
				 " WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN"
				 " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
				 NULL, &rows) < 0)
		return -1;
	n = sg_db_rows_count(rows);
	for (i = 0; i < n; i++) {
		struct rel *rel = relset_find(&d->rels, to_oid(sg_db_rows_value(rows, i, 0)));
		if (rel)
			rel->scans = atol(sg_db_rows_value(rows, i, 1));
	}
	sg_db_rows_free(rows);
	return 0;
}

static void add_row_estimates(sg_observation *o, const struct taken *taken, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (is_table(taken[i].rel) && taken[i].mode >= PG_SHARE)
			sg_observation_add_event(o, "%s has %s%.0f rows (estimate)", o->locks[i].relation,
						 taken[i].rel->tuples < 0 ? "never been analyzed, ~" : "~",
						 taken[i].rel->tuples < 0 ? 0.0 : taken[i].rel->tuples);
}

static int observe(sg_dryrun *d, struct stmt *st, const struct lockset *before)
{
	struct effects fx;
	struct taken taken[PG_MAX_LOCKS];
	size_t nr, i;
	int rc;

	/*
	 * Only what existed before the run is watched: with nothing, there is
	 * nothing to see, but staging's timeouts still come back after a SET.
	 */
	if (!d->rels.nr)
		return d->o.staging && !strcmp(st->tag, "VariableSetStmt") ? apply_our_timeouts(d) : 0;
	memset(&fx, 0, sizeof(fx));
	if (read_locks(d) < 0 || track_lock_timeout(d, st) < 0)
		return -1;
	rc = refresh(d, is_dml(st->tag), st->obs, &fx);
	if (rc == 0) {
		nr = locks_taken(d, st->node, taken, PG_MAX_LOCKS);
		for (i = 0; i < nr; i++) {
			char *name = rel_name(taken[i].rel);
			sg_obs_lock *l = sg_observation_add_lock(st->obs, name, pg_lockmode_name(taken[i].mode));

			free(name);
			taken[i].fresh = !lockset_has(before, taken[i].rel->oid, taken[i].mode);
			probe(d, &taken[i], l);
		}
		if (fx.work)
			add_row_estimates(st->obs, taken, nr);
		report_effects(d, st, taken, nr, &fx);
	}
	sbuf_release(&fx.rewrote);
	sbuf_release(&fx.breaking);
	sbuf_release(&fx.worked);
	free(fx.rewritten_tables);
	return rc;
}

/* The server's 1-based character position in the statement, as a byte offset in the file. */
static size_t error_offset(const struct stmt *st, int position)
{
	size_t at = st->start;
	int chars = 1;

	if (position <= 0)
		return st->start;
	while (at < st->end && chars < position) {
		size_t n = utf8_sequence_len((const unsigned char *)st->text + at, st->end - at);
		at += n ? n : 1;
		chars++;
	}
	return at < st->end ? at : st->start;
}

/* Run the statement's text; on failure report it and return 1. */
static int execute(sg_dryrun *d, struct stmt *st)
{
	char *sql = xstrndup(st->text + st->start, st->end - st->start);
	double t0 = sg_clock_ms();
	sg_db_error err;
	int rc;

	rc = sg_db_exec(d->db, sql, &err);
	st->obs->duration_ms = sg_clock_ms() - t0;
	free(sql);
	if (rc == 0)
		return 0;
	st->obs->status = SG_OBS_FAILED;
	set_string(&st->obs->note, sg_error_last());
	if (!strcmp(err.sqlstate, "57014"))
		report(d, st, "dry-run-error", st->start,
		       "cancelled by statement_timeout after %.1f s: in production it runs at least "
		       "that long, holding its locks (%s)",
		       st->obs->duration_ms / 1000.0, sg_error_last());
	else
		report(d, st, "dry-run-error", error_offset(st, err.position), "%s", sg_error_last());
	return 1;
}

static void not_run(sg_dryrun *d, struct stmt *st, const char *why)
{
	st->obs->status = SG_OBS_NOT_RUN;
	set_string(&st->obs->note, why);
	report(d, st, "dry-run-unverified", st->start, "not run on the staging database: %s; the "
	       "lint verdict stands for it", why);
}

enum stmt_kind { K_PLAIN, K_BEGIN, K_COMMIT, K_ROLLBACK, K_SAVEPOINT, K_TWO_PHASE, K_NO_TX };

static enum stmt_kind classify(const sg_node *node, const char *tag)
{
	const char *kind;

	if (pg_needs_no_transaction(node))
		return K_NO_TX;
	if (strcmp(tag, "TransactionStmt"))
		return K_PLAIN;
	kind = ast_str(node, "kind");
	if (!kind)
		return K_PLAIN;
	if (!strcmp(kind, "TRANS_STMT_BEGIN") || !strcmp(kind, "TRANS_STMT_START"))
		return K_BEGIN;
	if (!strcmp(kind, "TRANS_STMT_COMMIT"))
		return K_COMMIT;
	if (!strcmp(kind, "TRANS_STMT_ROLLBACK"))
		return K_ROLLBACK;
	if (!strcmp(kind, "TRANS_STMT_PREPARE") || !strcmp(kind, "TRANS_STMT_COMMIT_PREPARED") ||
	    !strcmp(kind, "TRANS_STMT_ROLLBACK_PREPARED"))
		return K_TWO_PHASE;
	return K_SAVEPOINT;
}

/*
 * Staging: the migration's transaction control, mapped onto the savepoint
 * sg_tx inside the run's transaction, so nothing it writes can commit.
 */
static int staging_transaction(sg_dryrun *d, struct stmt *st, enum stmt_kind k)
{
	bool chain = ast_bool(st->node, "chain"), began = false;
	int rc = 0;

	if (k == K_BEGIN && !d->etx_open) {
		rc = sg_db_exec(d->db, "SAVEPOINT sg_tx", NULL);
		began = true;
	} else if (k != K_BEGIN && d->etx_open) {
		rc = sg_db_exec(d->db, k == K_COMMIT ? "RELEASE SAVEPOINT sg_tx"
						     : "ROLLBACK TO SAVEPOINT sg_tx; RELEASE SAVEPOINT sg_tx",
				NULL);
		if (rc == 0 && chain)
			rc = sg_db_exec(d->db, "SAVEPOINT sg_tx", NULL);
		began = chain;
		d->etx_open = chain;
	}
	if (rc < 0 || read_locks(d) < 0)
		return -1;
	if (began) {
		d->etx_open = true;
		lockset_copy(&d->baseline, &d->now);
	}
	return 0;
}

/*
 * DO and CALL may commit inside; on staging that fails with
 * invalid_transaction_termination, which says nothing about the
 * migration, so they run under a savepoint to recover from it.
 */
static bool may_commit(const char *tag)
{
	return !strcmp(tag, "DoStmt") || !strcmp(tag, "CallStmt");
}

static int staging_statement(sg_dryrun *d, struct stmt *st, const struct lockset *before)
{
	bool guard = may_commit(st->tag);
	int rc;

	if (!d->etx_open)
		lockset_copy(&d->baseline, &d->now);
	if (guard && sg_db_exec(d->db, "SAVEPOINT sg_stmt", NULL) < 0)
		return -1;
	if (execute(d, st) == 0) {
		if (guard && sg_db_exec(d->db, "RELEASE SAVEPOINT sg_stmt", NULL) < 0)
			return -1;
		return observe(d, st, before);
	}
	if (!guard || strstr(st->obs->note, "SQLSTATE 2D000") == NULL)
		return 1;
	/* It failed only because it commits: withdraw the error, keep the note. */
	sg_report_remove(d->r, d->r->nr - 1);
	rc = sg_db_exec(d->db, "ROLLBACK TO SAVEPOINT sg_stmt; RELEASE SAVEPOINT sg_stmt", NULL);
	not_run(d, st, "it commits inside, which would end the dry-run's transaction");
	return rc < 0 ? -1 : 0;
}

/* Throwaway database: as the runner would, each statement in its own transaction unless in one. */
static int real_statement(sg_dryrun *d, struct stmt *st, enum stmt_kind k,
			  const struct lockset *before)
{
	bool in_tx = sg_db_in_transaction(d->db), own_tx = !in_tx && k == K_PLAIN;
	int rc;

	if (k == K_NO_TX && !in_tx) {
		rc = execute(d, st);
		if (rc == 0)
			set_string(&st->obs->note, "ran outside a transaction block: locks not observed");
		return rc;
	}
	if (own_tx) {
		if (sg_db_exec(d->db, "BEGIN", NULL) < 0)
			return -1;
		d->now.nr = 0; /* a transaction that just began holds no relation lock */
		if (transaction_began(d) < 0)
			return -1;
	}
	rc = execute(d, st);
	if (rc == 0 && k == K_PLAIN)
		rc = observe(d, st, before);
	else if (rc == 0) {
		rc = read_locks(d);
		if (rc == 0 && !in_tx && sg_db_in_transaction(d->db))
			rc = transaction_began(d);
	}
	if (own_tx && rc == 0)
		rc = sg_db_exec(d->db, "COMMIT", NULL) < 0 ? -1 : 0;
	return rc;
}

static int run_statement(sg_dryrun *d, struct stmt *st)
{
	enum stmt_kind k = classify(st->node, st->tag);
	struct lockset before = { NULL, 0, 0 };
	int rc = 0;

	lockset_copy(&before, &d->now);
	if (!d->o.staging)
		rc = real_statement(d, st, k, &before);
	else if (k == K_NO_TX)
		not_run(d, st, pg_needs_no_transaction(st->node));
	else if (k == K_TWO_PHASE) {
		not_run(d, st, "two-phase commit would commit on the staging database");
		rc = 1;
	} else if (k != K_PLAIN && k != K_SAVEPOINT)
		rc = staging_transaction(d, st, k);
	else if (k == K_SAVEPOINT && (rc = execute(d, st)) == 0)
		rc = read_locks(d);
	else
		rc = staging_statement(d, st, &before);
	free(before.v);
	return rc;
}

enum section { ALL, UP, DOWN };

/*
 * Run statements without watching them, each on its own (set-up files,
 * the base branch's migrations, a round trip's down and up again): 0, or
 * <0 with "FILE:LINE:COL: <what> failed: message" set.
 */
static int run_unwatched(sg_dryrun *d, const char *path, const sg_lint_input *in,
			 enum section section, const char *what)
{
	const char *text = sg_lint_input_text(in);
	sg_stmt_span *spans = NULL;
	size_t nr = sg_lint_input_statements(in, &spans), i, down_from;
	bool no_tx;
	int rc = 0;

	sg_lint_input_dbmate(in, &no_tx, &down_from);
	for (i = 0; i < nr && rc == 0; i++) {
		char *sql;
		sg_db_error err;

		if ((section == UP && spans[i].start > down_from) ||
		    (section == DOWN && spans[i].start < down_from))
			continue;
		sql = xstrndup(text + spans[i].start, spans[i].end - spans[i].start);
		if (sg_db_exec(d->db, sql, &err) < 0) {
			struct stmt st = { .lines = sg_lint_input_lines(in), .text = text,
					   .start = spans[i].start, .end = spans[i].end };
			sg_pos p = sg_text_pos(st.lines, error_offset(&st, err.position));
			rc = sg_error_set(SG_EINVALID, "%s:%d:%d: %s failed: %s", path, p.line, p.column,
					  what, sg_error_last());
		}
		free(sql);
	}
	free(spans);
	return rc;
}

/* ---- migrations ---- */

/* The statement on one line, at most 80 characters. */
static char *one_line(const char *text, size_t start, size_t end)
{
	sbuf sb = SBUF_INIT;
	size_t i;
	bool space = false;

	for (i = start; i < end && sb.len < 80; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sbuf_addch(&sb, ' ');
		space = false;
		sbuf_addch(&sb, (char)c);
	}
	while (sb.len && ((unsigned char)sb.buf[sb.len - 1] & 0xC0) == 0x80)
		sb.buf[--sb.len] = '\0'; /* never cut a character in two */
	if (sb.len && ((unsigned char)sb.buf[sb.len - 1] & 0xC0) == 0xC0)
		sb.buf[--sb.len] = '\0';
	if (i < end)
		sbuf_adds(&sb, "...");
	return sbuf_detach(&sb);
}

static void begin_observation(sg_dryrun *d, struct stmt *st)
{
	sg_pos p = sg_text_pos(st->lines, st->start), e = sg_text_pos(st->lines, st->end);

	st->obs = sg_report_add_observation(d->r, &st->obs_index);
	st->obs->file = xstrdup(st->path);
	st->obs->line = p.line;
	st->obs->column = p.column;
	st->obs->end_line = e.line;
	st->obs->end_column = e.column;
	st->obs->statement = one_line(st->text, st->start, st->end);
	st->obs->work_unmeasured = is_dml(st->tag);
}

static int take_snapshot(sg_dryrun *d)
{
	if (load_relations(d, NULL, &d->rels) < 0)
		return -1;
	d->snapshot_taken = true;
	return 0;
}

static int migration_begin(sg_dryrun *d, bool wraps)
{
	set_string(&d->migration_lock_timeout, d->default_lock_timeout);
	if (d->o.staging) {
		if (sg_db_exec(d->db, wraps ? "SAVEPOINT sg_migration; SAVEPOINT sg_tx"
					    : "SAVEPOINT sg_migration", NULL) < 0)
			return -1;
		d->etx_open = wraps;
	} else if (wraps && sg_db_exec(d->db, "BEGIN", NULL) < 0)
		return -1;
	if (read_locks(d) < 0)
		return -1;
	return transaction_began(d);
}

/* Keep what the migration did (on staging, until the run is rolled back), or undo it. */
static int migration_end(sg_dryrun *d, bool failed)
{
	const char *sql;

	if (d->o.staging)
		sql = failed ? "ROLLBACK TO SAVEPOINT sg_migration; RELEASE SAVEPOINT sg_migration"
		      : d->etx_open ? "RELEASE SAVEPOINT sg_tx; RELEASE SAVEPOINT sg_migration"
				    : "RELEASE SAVEPOINT sg_migration";
	else if (sg_db_in_transaction(d->db))
		sql = failed ? "ROLLBACK" : "COMMIT";
	else
		sql = NULL;
	d->etx_open = false;
	if (sql && sg_db_exec(d->db, sql, NULL) < 0)
		return -1;
	return read_locks(d);
}

static void stop_run(sg_dryrun *d, const char *fmt, const char *path)
{
	sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, fmt, path);
	d->stopped = true;
	set_string(&d->stopped_by, sb.buf);
	sbuf_release(&sb);
}

static bool wraps_file(const sg_lint_input *in, const sg_stmt_span *spans, size_t nr,
		       bool runner_wraps)
{
	size_t down_from, i;
	bool no_tx, dbmate = sg_lint_input_dbmate(in, &no_tx, &down_from);

	/* dbmate wraps each section in a transaction unless told not to. */
	if ((!runner_wraps && !dbmate) || no_tx)
		return false;
	for (i = 0; i < nr; i++)
		if (spans[i].start < down_from && pg_needs_no_transaction(spans[i].node))
			return false; /* its runner must not wrap it, or it could never run */
	return true;
}

static int run_statements(sg_dryrun *d, const char *path, const sg_lint_input *in,
			  const sg_stmt_span *spans, size_t nr, bool *failed)
{
	bool no_tx;
	size_t down_from, i;
	int rc = 0;

	sg_lint_input_dbmate(in, &no_tx, &down_from);
	for (i = 0; i < nr && spans[i].start < down_from && rc == 0; i++) {
		struct stmt st = {
			.path = path,
			.lines = sg_lint_input_lines(in),
			.text = sg_lint_input_text(in),
			.start = spans[i].start,
			.end = spans[i].end,
			.node = spans[i].node,
			.tag = ast_tag(spans[i].node),
		};

		begin_observation(d, &st);
		if (d->o.budget_seconds > 0 && (sg_clock_ms() - d->t0_ms) / 1000.0 > d->o.budget_seconds) {
			st.obs->status = SG_OBS_NOT_RUN;
			set_string(&st.obs->note, "the time budget ran out");
			report(d, &st, "dry-run-error", st.start,
			       "not run: the dry-run's time budget of %.0f s ran out before this "
			       "statement, so the rest of the run is unverified",
			       d->o.budget_seconds);
			rc = 1;
			break;
		}
		rc = run_statement(d, &st);
	}
	*failed = rc == 1;
	return rc < 0 ? -1 : 0;
}

/*
 * Read every relation that existed again, without comparing: after a
 * round trip the catalog moved (a column dropped and added again has a new
 * number) without any statement being watched.
 */
static int resync(sg_dryrun *d)
{
	struct relset fresh;
	sbuf oids = SBUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < d->rels.nr; i++)
		if (!d->rels.v[i].gone)
			sbuf_addf(&oids, "%s%u", oids.len ? "," : "{", d->rels.v[i].oid);
	if (!oids.len) {
		sbuf_release(&oids);
		return 0;
	}
	sbuf_addch(&oids, '}');
	rc = load_relations(d, oids.buf, &fresh);
	sbuf_release(&oids);
	if (rc < 0)
		return -1;
	for (i = 0; i < d->rels.nr; i++)
		if (!d->rels.v[i].gone)
			replace_relation(&d->rels.v[i], relset_find(&fresh, d->rels.v[i].oid));
	relset_release(&fresh);
	return 0;
}

/*
 * The round trip (throwaway database): the down part must bring back the
 * schema the migration found, and the migration must then apply again.
 */
static int round_trip(sg_dryrun *d, const char *path, const sg_lint_input *in,
		      const sg_dryrun_down *down, const sg_catalog *before)
{
	sg_catalog after;
	sbuf diff = SBUF_INIT;
	bool differs;
	int rc;

	if (run_unwatched(d, down->path, down->in, down->section ? DOWN : ALL, "the down part") < 0) {
		sg_rule_report(d->r, "down-not-inverse", down->path, 1, 1,
			       "the down part of %s does not run after it: %s", path, sg_error_last());
		stop_run(d, "the down part of %s failed", path);
		return 0;
	}
	if (sg_catalog_read(d->db, &after) < 0)
		return -1;
	differs = sg_catalog_diff(before, &after, 5, &diff) > 0;
	if (differs)
		sg_rule_report(d->r, "down-not-inverse", down->path, 1, 1,
			       "the down part does not restore the schema %s found: %s", path, diff.buf);
	sbuf_release(&diff);
	sg_catalog_release(&after);
	rc = run_unwatched(d, path, in, UP, "applying it again after its down part");
	if (rc == 0)
		return resync(d);
	if (rc < 0) {
		/* After a down that left things behind, this failure says nothing new. */
		if (!differs)
			sg_rule_report(d->r, "down-not-inverse", path, 1, 1, "%s", sg_error_last());
		stop_run(d, "%s could not be applied again after its down part", path);
	}
	return 0;
}

int sg_dryrun_migration(sg_dryrun *d, const char *path, const sg_lint_input *in,
			bool runner_wraps, const sg_dryrun_down *down)
{
	sg_stmt_span *spans = NULL;
	size_t nr = sg_lint_input_statements(in, &spans);
	bool failed = false, check_down = down && !d->o.staging;
	sg_catalog before = { 0 };
	int rc = 0;

	if (d->stopped || !sg_lint_input_parsed(in)) {
		sg_rule_report(d->r, "dry-run-unverified", path, 1, 1, "not run: %s",
			       d->stopped ? d->stopped_by
					  : "the file does not parse (see its syntax-error finding)");
		free(spans);
		return 0;
	}
	if (!d->snapshot_taken && take_snapshot(d) < 0)
		rc = -1;
	if (rc == 0 && check_down && sg_catalog_read(d->db, &before) < 0)
		rc = -1;
	if (rc == 0)
		rc = migration_begin(d, wraps_file(in, spans, nr, runner_wraps));
	if (rc == 0)
		rc = run_statements(d, path, in, spans, nr, &failed);
	if (rc == 0)
		rc = migration_end(d, failed);
	if (rc == 0 && failed)
		stop_run(d, "%s failed before it", path);
	if (rc == 0 && !failed && check_down)
		rc = round_trip(d, path, in, down, &before);
	sg_catalog_release(&before);
	free(spans);
	return rc;
}

/* ---- set-up, start and end ---- */

int sg_dryrun_setup(sg_dryrun *d, const char *path, const char *data, size_t len)
{
	sg_lint_input *in;
	bool savepoint = false;
	int rc = 0;

	sg_lint_prepare(&in, data, len);
	if (!sg_lint_input_parsed(in)) {
		rc = sg_error_set(SG_EINVALID, "%s: does not parse, so it cannot set the database up "
				  "(schemagate lint %s shows where)", path, path);
		sg_lint_input_free(in);
		return rc;
	}
	/* On staging a failed set-up must leave the run's transaction usable. */
	if (d->o.staging && (rc = sg_db_exec(d->db, "SAVEPOINT sg_setup", NULL)) == 0)
		savepoint = true;
	if (rc == 0)
		rc = run_unwatched(d, path, in, UP, "the set-up");
	sg_lint_input_free(in);
	if (savepoint && sg_db_exec(d->db, rc ? "ROLLBACK TO SAVEPOINT sg_setup; RELEASE SAVEPOINT sg_setup"
					      : "RELEASE SAVEPOINT sg_setup", NULL) < 0)
		rc = -1;
	/* A schema dump leaves session settings behind (search_path = ''): start clean. */
	if (rc == 0 && sg_db_exec(d->db, "RESET ALL", NULL) < 0)
		rc = -1;
	if (rc == 0 && d->o.staging && apply_our_timeouts(d) < 0)
		rc = -1;
	return rc;
}

static int read_setting(sg_db *db, const char *name, char **out)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT current_setting('%s')", name);
	return sg_db_query_value(db, sql, out, NULL);
}

/* Privileges are checked in the select list, which only sees sequences. */
static const char sequences_sql[] =
	"SELECT c.oid::text, CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE')"
	" THEN pg_sequence_last_value(c.oid)::text END,"
	" has_sequence_privilege(c.oid, 'SELECT,USAGE')::text"
	" FROM pg_class c WHERE c.relkind = 'S' AND c.relpersistence <> 't' ORDER BY c.oid";

int sg_dryrun_open(sg_dryrun **out, const sg_dryrun_options *o, sg_report *r)
{
	sg_dryrun *d = xcalloc(1, sizeof(*d));
	char sql[96];

	d->o = *o;
	d->r = r;
	d->t0_ms = sg_clock_ms();
	*out = d;
	if (sg_db_connect(&d->db, o->conninfo) < 0 || sg_db_connect(&d->probe, o->conninfo) < 0)
		return -1;
	d->server_version = sg_db_server_version(d->db);
	if (read_setting(d->db, "lock_timeout", &d->default_lock_timeout) < 0 ||
	    sg_db_exec(d->probe, "SET statement_timeout = '10s'", NULL) < 0)
		return -1;
	if (!o->staging) {
		snprintf(sql, sizeof(sql), "SET statement_timeout = %d", o->statement_timeout_ms);
		return sg_db_exec(d->db, sql, NULL);
	}
	if (sg_db_query(d->db, sequences_sql, &d->sequences, NULL) < 0 ||
	    sg_db_exec(d->db, "BEGIN", NULL) < 0 || apply_our_timeouts(d) < 0 ||
	    read_setting(d->db, "lock_timeout", &d->our_lock_timeout) < 0)
		return -1;
	return 0;
}

/*
 * Sequences do not roll back: put back those the run moved. One that moved
 * again after the run (staging has traffic) is left alone.
 */
static int restore_sequences(sg_dryrun *d, const sg_db_rows *at_end)
{
	sg_db_rows *after;
	size_t i, j, n;
	int rc = 0;

	if (sg_db_query(d->db, sequences_sql, &after, NULL) < 0)
		return -1;
	n = sg_db_rows_count(after);
	for (i = 0; i < n && rc == 0; i++) {
		const char *oid = sg_db_rows_value(after, i, 0), *now = sg_db_rows_value(after, i, 1);
		const char *start = NULL, *end = NULL;
		bool known = false;
		char sql[200];

		for (j = 0; j < sg_db_rows_count(d->sequences); j++)
			if (!strcmp(sg_db_rows_value(d->sequences, j, 0), oid)) {
				start = sg_db_rows_value(d->sequences, j, 1);
				known = true;
			}
		for (j = 0; j < sg_db_rows_count(at_end); j++)
			if (!strcmp(sg_db_rows_value(at_end, j, 0), oid))
				end = sg_db_rows_value(at_end, j, 1);
		if (!known || !to_bool(sg_db_rows_value(after, i, 2)) || !now ||
		    (start && !strcmp(start, now)) || !end || strcmp(end, now))
			continue;
		if (start)
			snprintf(sql, sizeof(sql), "SELECT setval(%s, %s, true)", oid, start);
		else
			snprintf(sql, sizeof(sql),
				 "SELECT setval(seqrelid, seqstart, false) FROM pg_sequence WHERE seqrelid = %s",
				 oid);
		rc = sg_db_exec(d->db, sql, NULL);
	}
	sg_db_rows_free(after);
	return rc;
}

int sg_dryrun_close(sg_dryrun *d)
{
	sg_db_rows *at_end = NULL;
	int rc = 0;

	if (!d)
		return 0;
	if (d->o.staging && d->db && d->sequences) {
		rc = sg_db_query(d->db, sequences_sql, &at_end, NULL);
		if (rc == 0 && sg_db_in_transaction(d->db))
			rc = sg_db_exec(d->db, "ROLLBACK", NULL);
		if (rc == 0)
			rc = restore_sequences(d, at_end);
		sg_db_rows_free(at_end);
	}
	sg_db_close(d->db);
	sg_db_close(d->probe);
	sg_db_rows_free(d->sequences);
	relset_release(&d->rels);
	free(d->now.v);
	free(d->baseline.v);
	free(d->default_lock_timeout);
	free(d->lock_timeout_seen);
	free(d->migration_lock_timeout);
	free(d->our_lock_timeout);
	free(d->stopped_by);
	free(d);
	return rc;
}
