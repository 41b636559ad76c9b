/*
 * Applying migrations with a history and a lock (see apply.h).
 *
 * What the other runners get wrong, and what is done here instead
 * (../shared/reference/runners.md): a lock row that outlives a killed run
 * (Liquibase) -> a session-level advisory lock; no lock at all (dbmate) ->
 * the same; a "dirty" flag with no detail (golang-migrate) -> a running row
 * that names the statement a non-transactional migration reached; edits to
 * applied migrations that nobody notices (dbmate, golang-migrate) ->
 * SHA-256 of every applied file, compared before anything runs.
 */
#include "migrate/apply.h"
#include "checks/lint.h"
#include "checks/pg_walk.h"
#include "checks/rule.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "migrate/db.h"
#include "migrate/hash.h"
#include "migrate/source.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* pg_advisory_lock key: "SCHMGATE" in ASCII. */
#define LOCK_KEY "6004233385574978629"

struct applier {
	const sg_apply_options *o;
	sg_migration_set *set;
	sg_tree *t;
	sg_report *r;
	sg_db *db;
	char table[256]; /* the history table, quoted: "public"."schemagate_history" */
	char release[64];
	/* the newest history row of each version, by version */
	struct seen {
		char *version, *status, *checksum, *release;
		int statement;
		long long id; /* of the row: newer rows have larger ids */
	} *seen;
	size_t nr_seen, alloc_seen;
	size_t *applied; /* indexes into set->items applied by this run, in order */
	size_t nr_applied, alloc_applied;
	/* a terminal gets a live line per migration; CI and files one line when it is done */
	bool live;
	const sg_migration *running;
	double running_since;
};

/* ---- small helpers ---- */

static void progress(const struct applier *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void progress(const struct applier *a, const char *fmt, ...)
{
	va_list ap;

	if (a->o->quiet)
		return;
	va_start(ap, fmt);
	fputs("schemagate: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void tick(void *arg)
{
	const struct applier *a = arg;

	if (a->running)
		fprintf(stderr, "\r\033[K  %s %s  %.1f s", a->running->version, a->running->name,
			(sg_clock_ms() - a->running_since) / 1000.0);
}

static void live_start(struct applier *a, const sg_migration *m)
{
	a->running = m;
	a->running_since = sg_clock_ms();
	if (a->live)
		tick(a);
}

static void live_end(struct applier *a)
{
	if (a->live && a->running)
		fputs("\r\033[K", stderr);
	a->running = NULL;
}

/* A SQL string literal (single quotes doubled); owned by the caller. */
static char *literal(const char *s)
{
	sbuf sb = SBUF_INIT;

	sbuf_addch(&sb, '\'');
	for (; s && *s; s++) {
		if (*s == '\'')
			sbuf_addch(&sb, '\'');
		sbuf_addch(&sb, *s);
	}
	sbuf_addch(&sb, '\'');
	return sbuf_detach(&sb);
}

static char *path_of(const struct applier *a, const sg_migration_file *f)
{
	return sg_tree_display_path(a->t, f->path);
}

/* ---- the session, its lock and the history ---- */

static int take_lock(struct applier *a)
{
	double deadline = sg_clock_ms() + a->o->lock_wait_ms;
	bool said = false;

	for (;;) {
		char *got = NULL;
		bool ok;

		if (sg_db_query_value(a->db, "SELECT pg_try_advisory_lock(" LOCK_KEY ")", &got, NULL) < 0)
			return -1;
		ok = got && got[0] == 't';
		free(got);
		if (ok)
			return 0;
		if (sg_clock_ms() >= deadline)
			return sg_error_set(SG_ERROR,
					    "another schemagate run holds the migration lock on this "
					    "database; waited %.0f s (migrate.lock_wait); run again when "
					    "it is done (the lock ends with that run's session)",
					    a->o->lock_wait_ms / 1000.0);
		if (!said)
			progress(a, "waiting for another run to finish (the migration lock is held)");
		said = true;
		sg_sleep_ms(200);
	}
}

static int create_history(struct applier *a)
{
	sbuf sql = SBUF_INIT;
	int rc;

	if (a->o->schema && strcmp(a->o->schema, "public"))
		sbuf_addf(&sql, "CREATE SCHEMA IF NOT EXISTS \"%s\"; ", a->o->schema);
	sbuf_addf(&sql,
		  "CREATE TABLE IF NOT EXISTS %s ("
		  " id bigserial PRIMARY KEY,"
		  " version text NOT NULL,"
		  " name text NOT NULL,"
		  " checksum text NOT NULL,"
		  " status text NOT NULL CHECK (status IN ('applied', 'failed', 'rolled_back', 'running')),"
		  " applied_at timestamptz NOT NULL DEFAULT now(),"
		  " duration_ms bigint,"
		  " applied_by text NOT NULL DEFAULT current_user,"
		  " release_id text NOT NULL,"
		  " statement integer,"
		  " error text)",
		  a->table);
	rc = sg_db_exec(a->db, sql.buf, NULL);
	sbuf_release(&sql);
	return rc;
}

static int load_history(struct applier *a)
{
	sbuf sql = SBUF_INIT;
	sg_db_rows *rows;
	size_t i, n;

	sbuf_addf(&sql,
		  "SELECT DISTINCT ON (version) version, status, checksum, release_id,"
		  " coalesce(statement, 0)::text, id::text AS row_id FROM %s ORDER BY version, id DESC",
		  a->table);
	if (sg_db_query(a->db, sql.buf, &rows, NULL) < 0) {
		sbuf_release(&sql);
		return -1;
	}
	sbuf_release(&sql);
	n = sg_db_rows_count(rows);
	for (i = 0; i < n; i++) {
		struct seen *s = VEC_PUSH(a->seen, a->nr_seen, a->alloc_seen);
		s->version = xstrdup(sg_db_rows_value(rows, i, 0));
		s->status = xstrdup(sg_db_rows_value(rows, i, 1));
		s->checksum = xstrdup(sg_db_rows_value(rows, i, 2));
		s->release = xstrdup(sg_db_rows_value(rows, i, 3));
		s->statement = atoi(sg_db_rows_value(rows, i, 4));
		s->id = atoll(sg_db_rows_value(rows, i, 5));
	}
	sg_db_rows_free(rows);
	return 0;
}

static const struct seen *seen_of(const struct applier *a, const char *version)
{
	size_t i;

	for (i = 0; i < a->nr_seen; i++)
		if (!strcmp(a->seen[i].version, version))
			return &a->seen[i];
	return NULL;
}

static bool is_applied(const struct applier *a, const sg_migration *m)
{
	const struct seen *s = seen_of(a, m->version);
	return s && !strcmp(s->status, "applied");
}

static void new_release_id(struct applier *a)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(a->release, sizeof(a->release), "%04d%02d%02dT%02d%02d%02dZ-%d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid());
}

static int open_session(struct applier *a)
{
	char sql[128];

	snprintf(a->table, sizeof(a->table), "\"%s\".schemagate_history",
		 a->o->schema ? a->o->schema : "public");
	if (strchr(a->o->schema ? a->o->schema : "", '"'))
		return sg_error_set(SG_EINVALID, "the history schema name must not contain '\"'");
	if (sg_db_connect(&a->db, a->o->conninfo) < 0)
		return -1;
	/*
	 * When this process or its network goes away, the server must end the
	 * session soon, and the migration lock with it: a query in progress
	 * checks its client every second (PostgreSQL 14+), an open transaction
	 * left idle ends after a minute, and TCP keepalives find a silent peer.
	 */
	if (sg_db_server_version(a->db) >= 140000 &&
	    sg_db_exec(a->db, "SET client_connection_check_interval = '1s'", NULL) < 0)
		return -1;
	if (sg_db_exec(a->db, "SET idle_in_transaction_session_timeout = '60s';"
			      " SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;"
			      " SET tcp_keepalives_count = 3", NULL) < 0)
		return -1;
	/* And this side gives up on a server that stopped answering. */
	if (a->o->statement_timeout_ms > 0)
		sg_db_set_timeout(a->db, a->o->statement_timeout_ms + 5000);
	snprintf(sql, sizeof(sql), "SET statement_timeout = %d", a->o->statement_timeout_ms);
	if (sg_db_exec(a->db, sql, NULL) < 0 || take_lock(a) < 0 || create_history(a) < 0 ||
	    load_history(a) < 0)
		return -1;
	new_release_id(a);
	a->live = !a->o->quiet && isatty(STDERR_FILENO) && !getenv("CI");
	if (a->live)
		sg_db_set_tick(a->db, tick, a);
	return 0;
}

static void close_session(struct applier *a)
{
	size_t i;

	sg_db_close(a->db); /* ends the session: the advisory lock goes with it */
	for (i = 0; i < a->nr_seen; i++) {
		free(a->seen[i].version);
		free(a->seen[i].status);
		free(a->seen[i].checksum);
		free(a->seen[i].release);
	}
	free(a->seen);
	free(a->applied);
}

static int record_in(struct applier *a, const char *release_id, const sg_migration *m,
		     const char *checksum, const char *status, double ms, int statement,
		     const char *error)
{
	char *version = literal(m->version), *name = literal(m->name), *sum = literal(checksum);
	char *err = error ? literal(error) : xstrdup("NULL");
	char *release = literal(release_id);
	sbuf sql = SBUF_INIT;
	int rc;

	sbuf_addf(&sql,
		  "INSERT INTO %s (version, name, checksum, status, duration_ms, release_id, statement,"
		  " error) VALUES (%s, %s, %s, '%s', %.0f, %s, %d, %s)",
		  a->table, version, name, sum, status, ms, release, statement, err);
	rc = sg_db_exec(a->db, sql.buf, NULL);
	sbuf_release(&sql);
	free(version);
	free(name);
	free(sum);
	free(err);
	free(release);
	return rc;
}

static int checksum_of(struct applier *a, const sg_migration *m, char hex[2 * SG_SHA256_RAWSZ + 1])
{
	unsigned char raw[SG_SHA256_RAWSZ];

	if (sg_migration_sha256(m, a->t, raw) < 0)
		return -1;
	sg_hex(raw, sizeof(raw), hex);
	return 0;
}

/* A row of the current release. */
static int record(struct applier *a, const sg_migration *m, const char *checksum,
		  const char *status, double ms, int statement, const char *error)
{
	return record_in(a, a->release, m, checksum, status, ms, statement, error);
}

/* ---- running a part of a migration ---- */

struct failure {
	char *message; /* owned */
	char sqlstate[6];
	int line, column;
	int statement; /* 1-based */
};

static void failure_release(struct failure *f)
{
	free(f->message);
	memset(f, 0, sizeof(*f));
}

/* The statements of one part: dbmate keeps up and down in one file. */
static size_t part_statements(const sg_lint_input *in, bool down, sg_stmt_span **spans)
{
	size_t nr = sg_lint_input_statements(in, spans), down_from, i, kept = 0;
	bool no_tx;

	if (!sg_lint_input_dbmate(in, &no_tx, &down_from))
		return nr;
	for (i = 0; i < nr; i++)
		if (((*spans)[i].start > down_from) == down)
			(*spans)[kept++] = (*spans)[i];
	return kept;
}

static int exec_statement(struct applier *a, const sg_lint_input *in, const sg_stmt_span *sp,
			  int index, struct failure *fail)
{
	const char *text = sg_lint_input_text(in);
	char *sql = xstrndup(text + sp->start, sp->end - sp->start);
	sg_db_error err;
	int rc = sg_db_exec(a->db, sql, &err);

	free(sql);
	if (rc == 0)
		return 0;
	{
		sg_pos p = sg_text_pos(sg_lint_input_lines(in), sp->start);
		fail->message = xstrdup(sg_error_last());
		memcpy(fail->sqlstate, err.sqlstate, sizeof(fail->sqlstate));
		fail->line = p.line;
		fail->column = p.column;
		fail->statement = index;
	}
	return 1;
}

static bool needs_no_transaction(const sg_stmt_span *spans, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (pg_needs_no_transaction(spans[i].node))
			return true;
	return false;
}

/*
 * Run one part (up or down) of `m`. Transactional: the statements and the
 * history row commit together. Otherwise the row says `running` (and the
 * statement reached) until the last statement is done. 0, 1 when a
 * statement failed (*fail filled), <0 when the session broke.
 */
static int run_part(struct applier *a, const sg_migration *m, const sg_migration_file *file,
		    bool down, const char *checksum, struct failure *fail)
{
	const char *data;
	size_t len, nr, i;
	sg_lint_input *in;
	sg_stmt_span *spans = NULL;
	bool tx;
	double t0 = sg_clock_ms();
	char sql[160];
	int rc = 0;

	if (!file->file || sg_tree_read(a->t, file->file, &data, &len) < 0) {
		fail->message = xstrdup(down ? "it has no down part to undo it with"
					     : "its file cannot be read");
		return 1;
	}
	sg_lint_prepare(&in, data, len);
	nr = part_statements(in, down, &spans);
	tx = !m->no_transaction && !needs_no_transaction(spans, nr);
	if (tx) {
		snprintf(sql, sizeof(sql), "BEGIN; SET LOCAL lock_timeout = %d", a->o->lock_timeout_ms);
		rc = sg_db_exec(a->db, sql, NULL) < 0 ? -1 : 0;
	} else {
		rc = record(a, m, checksum, "running", 0, 0, NULL);
	}
	for (i = 0; i < nr && rc == 0; i++) {
		rc = exec_statement(a, in, &spans[i], (int)i + 1, fail);
		if (rc == 0 && !tx && i + 1 < nr)
			rc = record(a, m, checksum, "running", sg_clock_ms() - t0, (int)i + 1, NULL);
	}
	if (!sg_lint_input_parsed(in) && rc == 0 && len) {
		/* Not the grammar we know: the server reads the file as one. */
		rc = sg_db_exec(a->db, data, NULL) < 0 ? 1 : 0;
		if (rc)
			fail->message = xstrdup(sg_error_last());
	}
	if (tx && rc == 0)
		rc = record(a, m, checksum, down ? "rolled_back" : "applied", sg_clock_ms() - t0, 0, NULL) ||
			     sg_db_exec(a->db, "COMMIT", NULL) < 0
		     ? 1
		     : 0;
	if (tx && rc != 0)
		sg_db_exec(a->db, "ROLLBACK", NULL);
	if (!tx && rc == 0)
		rc = record(a, m, checksum, down ? "rolled_back" : "applied", sg_clock_ms() - t0, 0, NULL);
	if (rc == 1 && !fail->message)
		fail->message = xstrdup(sg_error_last());
	free(spans);
	sg_lint_input_free(in);
	return rc;
}

/* Retry a part that only failed to get its lock in time, with backoff. */
static int run_part_retrying(struct applier *a, const sg_migration *m,
			     const sg_migration_file *file, bool down, const char *checksum,
			     struct failure *fail)
{
	int attempt, rc = 0;

	for (attempt = 0; attempt <= a->o->lock_retries; attempt++) {
		failure_release(fail);
		rc = run_part(a, m, file, down, checksum, fail);
		if (rc != 1 || strcmp(fail->sqlstate, "55P03") || attempt == a->o->lock_retries)
			break;
		progress(a, "%s %s: lock_timeout, retrying (%d of %d)", m->version, m->name,
			 attempt + 1, a->o->lock_retries);
		sg_sleep_ms(200L << attempt);
	}
	return rc;
}

/* ---- findings ---- */

/* Each migration file counts once in the report, however many findings it has. */
static void note_checked(sg_report *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nr_checked; i++)
		if (!strcmp(r->checked[i], path))
			return;
	sg_report_checked(r, path);
}

static void report_at(struct applier *a, const char *rule, const sg_migration_file *f, int line,
		      int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void report_at(struct applier *a, const char *rule, const sg_migration_file *f, int line,
		      int column, const char *fmt, ...)
{
	char *path = path_of(a, f);
	va_list ap;

	va_start(ap, fmt);
	sg_rule_vreport(a->r, rule, path, line > 0 ? line : 1, column > 0 ? column : 1, fmt, ap);
	va_end(ap);
	note_checked(a->r, path);
	free(path);
}

/* ---- up ---- */

static bool past_target(const struct applier *a, const sg_migration *m)
{
	return a->o->to && sg_migration_version_cmp(m->version, a->o->to) > 0;
}

/* An applied migration edited since: refuse, or record the new checksum. */
static int check_applied(struct applier *a, bool *modified)
{
	size_t i;

	*modified = false;
	for (i = 0; i < a->set->nr; i++) {
		const sg_migration *m = &a->set->items[i];
		const struct seen *s = seen_of(a, m->version);
		char hex[2 * SG_SHA256_RAWSZ + 1];

		if (s && !strcmp(s->status, "running"))
			return sg_error_set(SG_ERROR,
					    "migration %s (%s) was interrupted at statement %d: it does not "
					    "run in a transaction, so statements 1..%d are in the database. "
					    "Finish or undo them by hand, then record the outcome: UPDATE %s "
					    "SET status = 'applied' (or 'failed') WHERE version = '%s' AND "
					    "status = 'running'",
					    m->version, m->name, s->statement + 1, s->statement, a->table,
					    m->version);
		if (!s || strcmp(s->status, "applied") || !m->up.file)
			continue;
		if (checksum_of(a, m, hex) < 0)
			return -1;
		if (!strcmp(hex, s->checksum))
			continue;
		if (a->o->allow_modified) {
			/* Still the release that applied it: a rollback of a later one leaves it. */
			if (record_in(a, s->release, m, hex, "applied", 0, 0,
				      "checksum updated by --allow-modified") < 0)
				return -1;
			continue;
		}
		report_at(a, "migration-modified", &m->up, 1, 1,
			  "migration %s was edited after it was applied (its SHA-256 is %.12s..., the "
			  "database recorded %.12s...)",
			  m->version, hex, s->checksum);
		*modified = true;
	}
	return 0;
}

static int apply_one(struct applier *a, size_t index, bool *failed)
{
	const sg_migration *m = &a->set->items[index];
	char hex[2 * SG_SHA256_RAWSZ + 1];
	struct failure fail = { 0 };
	double t0 = sg_clock_ms();
	int rc;

	if (checksum_of(a, m, hex) < 0)
		return -1;
	live_start(a, m);
	rc = run_part_retrying(a, m, &m->up, false, hex, &fail);
	live_end(a);
	if (rc == 1 && !sg_db_alive(a->db))
		rc = sg_error_set(SG_ERROR, "the connection to the database was lost while applying %s "
				  "%s (%s); its transaction, if it had one, is rolled back by the "
				  "server: run again once the database is reachable",
				  m->version, m->name, fail.message ? fail.message : "no answer");
	if (rc < 0) {
		failure_release(&fail);
		return -1;
	}
	if (rc == 0) {
		*VEC_PUSH(a->applied, a->nr_applied, a->alloc_applied) = index;
		progress(a, "applied %s %s (%.0f ms)", m->version, m->name, sg_clock_ms() - t0);
		report_at(a, "migration-applied", &m->up, 1, 1, "applied %s %s in %.0f ms (release %s)",
			  m->version, m->name, sg_clock_ms() - t0, a->release);
	} else {
		*failed = true;
		progress(a, "failed %s %s (%.0f ms)", m->version, m->name, sg_clock_ms() - t0);
		record(a, m, hex, "failed", sg_clock_ms() - t0, fail.statement, fail.message);
		report_at(a, "apply-failed", &m->up, fail.line, fail.column,
			  "%s %s failed at statement %d: %s", m->version, m->name, fail.statement,
			  fail.message ? fail.message : "error");
	}
	failure_release(&fail);
	return 0;
}

/* The release's migrations, newest first, with their down parts. */
static int undo_release(struct applier *a, const size_t *items, size_t nr, bool *undo_failed)
{
	size_t k;

	for (k = nr; k-- > 0;) {
		const sg_migration *m = &a->set->items[items[k]];
		char hex[2 * SG_SHA256_RAWSZ + 1];
		struct failure fail = { 0 };
		int rc;

		if (checksum_of(a, m, hex) < 0)
			return -1;
		live_start(a, m);
		rc = run_part_retrying(a, m, m->has_down_part ? &m->up : &m->down, true, hex, &fail);
		live_end(a);
		progress(a, "%s %s %s", rc == 0 ? "rolled back" : "could not roll back", m->version,
			 m->name);
		if (rc < 0) {
			failure_release(&fail);
			return -1;
		}
		if (rc == 0)
			report_at(a, "migration-rolled-back", &m->up, 1, 1, "rolled back %s %s",
				  m->version, m->name);
		else {
			report_at(a, "rollback-failed", &m->up, fail.line, fail.column,
				  "could not roll back %s %s: %s. It and the migrations before it in "
				  "the release are still applied: undo them by hand, or fix the down "
				  "part and run `schemagate migrate rollback --release %s`",
				  m->version, m->name, fail.message ? fail.message : "error",
				  a->release);
			*undo_failed = true;
			failure_release(&fail);
			return 0;
		}
	}
	return 0;
}

static int run_verify_sql(struct applier *a, bool *failed)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (sg_read_file(a->o->verify_sql, SG_MAX_FILE_BYTES, &data, &len) < 0)
		return -1;
	rc = sg_db_exec(a->db, "BEGIN", NULL);
	if (rc == 0 && sg_db_exec(a->db, data, NULL) < 0) {
		*failed = true;
		sg_rule_report(a->r, "verify-failed", a->o->verify_sql, 1, 1,
			       "the verification failed after the release: %s", sg_error_last());
	}
	sg_db_exec(a->db, "ROLLBACK", NULL);
	free(data);
	return rc;
}

static int verify(struct applier *a, bool *failed)
{
	int status;

	if (a->o->verify_sql && run_verify_sql(a, failed) < 0)
		return -1;
	if (*failed || !a->o->verify_cmd)
		return 0;
	progress(a, "verifying: %s", a->o->verify_cmd);
	fflush(NULL);
	status = system(a->o->verify_cmd);
	if (status != 0) {
		*failed = true;
		sg_rule_report(a->r, "verify-failed", "<verify-cmd>", 1, 1,
			       "the verification command failed after the release (%s): %s",
			       status == -1 ? "could not start" : "non-zero exit", a->o->verify_cmd);
	}
	return 0;
}

static enum sg_apply_outcome finish_failure(struct applier *a, int *rc)
{
	bool undo_failed = false;

	if (!a->o->rollback_on_failure)
		return SG_APPLY_FAILED;
	*rc = undo_release(a, a->applied, a->nr_applied, &undo_failed);
	return undo_failed ? SG_APPLY_ROLLBACK_FAILED : SG_APPLY_ROLLED_BACK;
}

int sg_apply_up(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, sg_report *r,
		enum sg_apply_outcome *outcome)
{
	struct applier a = { .o = o, .set = set, .t = t, .r = r };
	bool modified = false, failed = false;
	size_t i;
	int rc = open_session(&a);

	*outcome = SG_APPLY_DONE;
	if (rc == 0)
		rc = check_applied(&a, &modified);
	if (rc == 0 && modified)
		*outcome = SG_APPLY_FAILED;
	for (i = 0; rc == 0 && !modified && !failed && i < set->nr; i++) {
		sg_migration *m = &set->items[i];
		if (is_applied(&a, m) || past_target(&a, m) || !m->up.path)
			continue;
		rc = sg_migration_load(set, m, t);
		if (rc == 0)
			rc = apply_one(&a, i, &failed);
	}
	if (rc == 0 && !modified && !failed && a.nr_applied)
		rc = verify(&a, &failed);
	if (rc == 0 && failed)
		*outcome = finish_failure(&a, &rc);
	if (rc == 0 && !modified)
		progress(&a, "release %s: %zu migration%s applied%s", a.release, a.nr_applied,
			 a.nr_applied == 1 ? "" : "s",
			 *outcome == SG_APPLY_ROLLED_BACK ? ", then rolled back" : "");
	close_session(&a);
	return rc;
}

/* The release of the newest applied row. */
static const char *newest_release(const struct applier *a)
{
	const struct seen *newest = NULL;
	size_t i;

	for (i = 0; i < a->nr_seen; i++)
		if (!strcmp(a->seen[i].status, "applied") && (!newest || a->seen[i].id > newest->id))
			newest = &a->seen[i];
	return newest ? newest->release : NULL;
}

int sg_apply_rollback(const sg_apply_options *o, sg_migration_set *set, sg_tree *t,
		      const char *release, sg_report *r, enum sg_apply_outcome *outcome)
{
	struct applier a = { .o = o, .set = set, .t = t, .r = r };
	const char *wanted = release;
	bool undo_failed = false;
	size_t i, j;
	int rc = open_session(&a);

	*outcome = SG_APPLY_DONE;
	if (rc == 0 && !wanted)
		wanted = newest_release(&a);
	for (i = 0; rc == 0 && wanted && i < set->nr; i++)
		for (j = 0; j < a.nr_seen; j++)
			if (!strcmp(a.seen[j].version, set->items[i].version) &&
			    !strcmp(a.seen[j].status, "applied") && !strcmp(a.seen[j].release, wanted)) {
				rc = sg_migration_load(set, &set->items[i], t);
				*VEC_PUSH(a.applied, a.nr_applied, a.alloc_applied) = i;
			}
	if (rc == 0 && !a.nr_applied)
		rc = sg_error_set(SG_EINVALID, "no applied migration belongs to release %s",
				  wanted ? wanted : "(none: nothing is applied)");
	if (rc == 0) {
		snprintf(a.release, sizeof(a.release), "%s", wanted);
		rc = undo_release(&a, a.applied, a.nr_applied, &undo_failed);
		*outcome = undo_failed ? SG_APPLY_ROLLBACK_FAILED : SG_APPLY_DONE;
	}
	close_session(&a);
	return rc;
}

static int seen_by_id(const void *x, const void *y)
{
	const struct seen *const *a = x, *const *b = y;
	return (*a)->id < (*b)->id ? -1 : (*a)->id > (*b)->id;
}

/* The set's index of the migration with `version`, or -1. */
static long item_of(const sg_migration_set *set, const char *version)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (!strcmp(set->items[i].version, version))
			return (long)i;
	return -1;
}

int sg_apply_down(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, int steps,
		  const char *to, sg_report *r, enum sg_apply_outcome *outcome)
{
	struct applier a = { .o = o, .set = set, .t = t, .r = r };
	const struct seen **applied = NULL;
	size_t nr = 0, alloc = 0, i, from;
	bool undo_failed = false;
	int rc = open_session(&a);

	*outcome = SG_APPLY_DONE;
	for (i = 0; rc == 0 && i < a.nr_seen; i++)
		if (!strcmp(a.seen[i].status, "applied"))
			*VEC_PUSH(applied, nr, alloc) = &a.seen[i];
	if (nr)
		qsort(applied, nr, sizeof(*applied), seen_by_id);
	/* The newest `steps` applied, or every one above `to`, in the order they were applied. */
	from = to ? 0 : nr > (size_t)steps ? nr - (size_t)steps : 0;
	for (i = from; rc == 0 && i < nr; i++) {
		long k = item_of(set, applied[i]->version);

		if (to && sg_migration_version_cmp(applied[i]->version, to) <= 0)
			continue;
		if (k < 0) {
			rc = sg_error_set(SG_EINVALID, "migration %s is applied but its files are not in "
					  "the directory: cannot undo it", applied[i]->version);
			break;
		}
		rc = sg_migration_load(set, &set->items[k], t);
		*VEC_PUSH(a.applied, a.nr_applied, a.alloc_applied) = (size_t)k;
	}
	if (rc == 0)
		rc = undo_release(&a, a.applied, a.nr_applied, &undo_failed);
	if (undo_failed)
		*outcome = SG_APPLY_ROLLBACK_FAILED;
	free(applied);
	close_session(&a);
	return rc;
}

int sg_apply_status(const sg_apply_options *o, sg_migration_set *set, sg_tree *t, sg_report *r,
		    FILE *table)
{
	struct applier a = { .o = o, .set = set, .t = t, .r = r };
	size_t i;
	int rc = open_session(&a);

	for (i = 0; rc == 0 && i < set->nr; i++) {
		const sg_migration *m = &set->items[i];
		const struct seen *s = seen_of(&a, m->version);
		char hex[2 * SG_SHA256_RAWSZ + 1];
		const char *state = s ? s->status : "pending";

		if (s && !strcmp(s->status, "applied") && m->up.file &&
		    checksum_of(&a, m, hex) == 0 && strcmp(hex, s->checksum)) {
			state = "modified";
			report_at(&a, "migration-modified", &m->up, 1, 1,
				  "migration %s was edited after it was applied", m->version);
		}
		if (s && !strcmp(s->status, "running"))
			report_at(&a, "apply-failed", &m->up, 1, 1,
				  "migration %s was interrupted at statement %d and is not resolved",
				  m->version, s->statement + 1);
		if (table)
			fprintf(table, "%-16s %-20s %s%s%s\n", state, m->version, m->name,
				s ? "  release " : "", s ? s->release : "");
	}
	close_session(&a);
	return rc;
}
