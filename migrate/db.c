/* Database connections over libpq (see db.h). */
#include "migrate/db.h"
#include "core/clock.h"
#include "core/dynlib.h"
#include "core/error.h"
#include "core/redact.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * libpq, loaded when the first connection is made (core/dynlib.h): lint,
 * diff and the other commands that never connect do not load it.
 */
#define PQ_FUNCTIONS(X) \
	X(PQclear) \
	X(PQconnectdb) \
	X(PQconnectdbParams) \
	X(PQconsumeInput) \
	X(PQdb) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfname) \
	X(PQfreemem) \
	X(PQgetCopyData) \
	X(PQgetResult) \
	X(PQgetisnull) \
	X(PQgetvalue) \
	X(PQisBusy) \
	X(PQnfields) \
	X(PQntuples) \
	X(PQprepare) \
	X(PQputCopyEnd) \
	X(PQresultErrorField) \
	X(PQresultStatus) \
	X(PQsendQuery) \
	X(PQserverVersion) \
	X(PQsetNoticeProcessor) \
	X(PQsocket) \
	X(PQsslAttribute) \
	X(PQsslInUse) \
	X(PQstatus) \
	X(PQtransactionStatus)

static struct {
#define PQ_MEMBER(f) __typeof__(&f) f;
	PQ_FUNCTIONS(PQ_MEMBER)
#undef PQ_MEMBER
} pq;

static int pq_load(void)
{
#define PQ_NAME(f) #f,
	static const char *const names[] = { PQ_FUNCTIONS(PQ_NAME) };
#undef PQ_NAME
	void *fns[sizeof(names) / sizeof(names[0])];
	static bool loaded;
	size_t i = 0;

	if (loaded)
		return 0;
	if (sg_dynlib_open("libpq.so.5", "libpq5", names, fns, sizeof(names) / sizeof(names[0])) < 0)
		return -1;
#define PQ_SET(f) pq.f = (__typeof__(pq.f))fns[i++];
	PQ_FUNCTIONS(PQ_SET)
#undef PQ_SET
	loaded = true;
	return 0;
}

struct sg_db {
	PGconn *conn;
	int timeout_ms; /* no answer within this: the connection is lost; 0 = wait */
	bool lost;      /* a deadline passed: nothing more is sent */
	void (*tick)(void *arg); /* called while a query runs */
	void *tick_arg;
	char *shown; /* owned: the connection string as messages show it */
	char **prepared; /* owned: names of the statements prepared on this connection */
	size_t nr_prepared, alloc_prepared;
};

struct sg_db_rows {
	PGresult *res;
};

/* The server's NOTICEs ("table does not exist, skipping") are not ours to print. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* libpq ends its messages with a newline; ours do not. */
static void add_trimmed(sbuf *out, const char *msg)
{
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	sbuf_add(out, msg, n);
}

/*
 * The connection attempt is over: keep it, or say why it failed and free
 * it. libpq quotes what it could not parse, which may be the password.
 */
static int connect_finish(sg_db **out, sg_db *db, const char *conninfo)
{
	sbuf msg = SBUF_INIT;
	char *hidden;
	int rc;

	*out = NULL;
	if (db->conn && pq.PQstatus(db->conn) == CONNECTION_OK) {
		pq.PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
		*out = db;
		return 0;
	}
	add_trimmed(&msg, db->conn ? pq.PQerrorMessage(db->conn) : "out of memory");
	hidden = sg_redact_message(msg.buf, conninfo);
	rc = sg_error_set(SG_ERROR, "cannot connect to the database '%s': %s", db->shown, hidden);
	free(hidden);
	sbuf_release(&msg);
	sg_db_close(db);
	return rc;
}

int sg_db_connect(sg_db **out, const char *conninfo)
{
	sg_db *db;

	if (pq_load() < 0)
		return -1;
	db = xcalloc(1, sizeof(*db));
	db->shown = sg_redact_conninfo(conninfo);
	db->conn = pq.PQconnectdb(conninfo);
	return connect_finish(out, db, conninfo);
}

static size_t count_params(const char *const *list)
{
	size_t n = 0;

	while (list && list[2 * n])
		n++;
	return n;
}

static const char *find_param(const char *const *list, const char *key)
{
	size_t i, n = count_params(list);
	const char *value = NULL;

	for (i = 0; i < n; i++)
		if (!strcmp(list[2 * i], key))
			value = list[2 * i + 1];
	return value;
}

static void add_params(const char **keys, const char **values, size_t *n, const char *const *list)
{
	size_t i, count = count_params(list);

	for (i = 0; i < count; i++, (*n)++) {
		keys[*n] = list[2 * i];
		values[*n] = list[2 * i + 1];
	}
}

/*
 * libpq takes the parameters in order and the last one set wins; the first
 * "dbname" holds the whole connection string when expand_dbname is set
 * (later ones are plain database names). So: defaults, the string, overrides.
 */
int sg_db_connect_params(sg_db **out, const char *conninfo, const char *const *defaults,
			 const char *const *overrides)
{
	size_t n = 0, max = count_params(defaults) + count_params(overrides) + 2;
	const char **keys, **values, *dbname = find_param(overrides, "dbname");
	sg_db *db;

	if (pq_load() < 0)
		return -1;
	keys = xcalloc(max, sizeof(*keys));
	values = xcalloc(max, sizeof(*values));
	db = xcalloc(1, sizeof(*db));
	add_params(keys, values, &n, defaults);
	keys[n] = "dbname";
	values[n++] = conninfo;
	add_params(keys, values, &n, overrides);
	db->shown = dbname ? sg_redact_conninfo_dbname(conninfo, dbname) : sg_redact_conninfo(conninfo);
	db->conn = pq.PQconnectdbParams(keys, values, 1);
	free(keys);
	free(values);
	return connect_finish(out, db, conninfo);
}

static int result_error(sg_db *db, PGresult *res, sg_db_error *err)
{
	const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? pq.PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	const char *primary = res ? pq.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	sbuf msg = SBUF_INIT;
	int rc;

	if (err) {
		memset(err, 0, sizeof(*err));
		if (state)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state);
		err->position = pos ? atoi(pos) : 0;
	}
	if (db->lost && !res)
		sbuf_addf(&msg, "the server did not answer within %.0f s: the connection is taken as lost "
			  "(a dropped network, or a server that stopped)", db->timeout_ms / 1000.0);
	else
		add_trimmed(&msg, primary ? primary : pq.PQerrorMessage(db->conn));
	rc = sg_error_set(SG_ERROR, "%s%s%s%s", msg.buf, state ? " (SQLSTATE " : "",
			  state ? state : "", state ? ")" : "");
	sbuf_release(&msg);
	pq.PQclear(res);
	return rc;
}

/*
 * COPY ... FROM STDIN takes its rows from psql, which is not here: end the
 * copy with an error so the server fails the statement, then collect that
 * failure. COPY ... TO STDOUT is read and dropped.
 */
static PGresult *finish_copy(sg_db *db, PGresult *res)
{
	ExecStatusType st = pq.PQresultStatus(res);
	PGresult *next, *last = NULL;
	char *row;

	pq.PQclear(res);
	if (st == PGRES_COPY_IN)
		pq.PQputCopyEnd(db->conn, "COPY FROM STDIN needs its rows from psql, which a "
				       "migration runner does not provide");
	else
		while (pq.PQgetCopyData(db->conn, &row, 0) > 0)
			pq.PQfreemem(row);
	while ((next = pq.PQgetResult(db->conn))) {
		pq.PQclear(last);
		last = next;
	}
	return last;
}

/* Wait for the socket until `deadline` (0: none), calling the tick every TICK_MS. */
#define TICK_MS 250

static bool wait_readable(sg_db *db, double deadline)
{
	struct pollfd pfd = { pq.PQsocket(db->conn), POLLIN, 0 };

	for (;;) {
		double left = deadline > 0 ? deadline - sg_clock_ms() : TICK_MS;
		int slice = (int)(left < TICK_MS || !db->tick ? left : TICK_MS);

		if (deadline > 0 && left <= 0)
			return false;
		if (poll(&pfd, 1, slice < 0 ? 0 : slice) != 0)
			return true;
		if (db->tick)
			db->tick(db->tick_arg);
	}
}

/*
 * PQexec with a deadline and a tick: a server that stops answering (a
 * dropped network, a frozen host) is given up on instead of waited for
 * forever, and the connection is then reported as lost; the tick lets a
 * terminal show the time going by.
 */
static PGresult *exec_watched(sg_db *db, const char *sql)
{
	PGresult *res, *last = NULL;
	double deadline = db->timeout_ms > 0 ? sg_clock_ms() + db->timeout_ms : 0;

	if (!pq.PQsendQuery(db->conn, sql))
		return NULL;
	for (;;) {
		while (!pq.PQisBusy(db->conn)) {
			res = pq.PQgetResult(db->conn);
			if (!res)
				return last;
			if (pq.PQresultStatus(res) == PGRES_COPY_IN || pq.PQresultStatus(res) == PGRES_COPY_OUT) {
				pq.PQclear(last);
				return res;
			}
			pq.PQclear(last);
			last = res;
		}
		if (!wait_readable(db, deadline)) {
			pq.PQclear(last);
			db->lost = true;
			return NULL;
		}
		if (!pq.PQconsumeInput(db->conn)) {
			pq.PQclear(last);
			return NULL;
		}
	}
}

static PGresult *run(sg_db *db, const char *sql)
{
	PGresult *res;

	if (db->lost)
		return NULL;
	res = db->timeout_ms > 0 || db->tick ? exec_watched(db, sql) : pq.PQexec(db->conn, sql);

	if (res && (pq.PQresultStatus(res) == PGRES_COPY_IN || pq.PQresultStatus(res) == PGRES_COPY_OUT))
		res = finish_copy(db, res);
	return res;
}

int sg_db_exec(sg_db *db, const char *sql, sg_db_error *err)
{
	PGresult *res = run(db, sql);
	ExecStatusType st = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		return result_error(db, res, err);
	pq.PQclear(res);
	return 0;
}

int sg_db_query(sg_db *db, const char *sql, sg_db_rows **rows, sg_db_error *err)
{
	PGresult *res = run(db, sql);

	*rows = NULL;
	if (!res || (pq.PQresultStatus(res) != PGRES_TUPLES_OK && pq.PQresultStatus(res) != PGRES_COMMAND_OK))
		return result_error(db, res, err);
	*rows = xcalloc(1, sizeof(**rows));
	(*rows)->res = res;
	return 0;
}

static bool is_prepared(const sg_db *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->nr_prepared; i++)
		if (!strcmp(db->prepared[i], name))
			return true;
	return false;
}

static void forget_prepared(sg_db *db)
{
	while (db->nr_prepared)
		free(db->prepared[--db->nr_prepared]);
}

static PGresult *exec_prepared(sg_db *db, const char *name, const char *sql, const char *param)
{
	PGresult *res;

	if (!is_prepared(db, name)) {
		res = pq.PQprepare(db->conn, name, sql, param ? 1 : 0, NULL);
		if (!res || pq.PQresultStatus(res) != PGRES_COMMAND_OK)
			return res;
		pq.PQclear(res);
		*VEC_PUSH(db->prepared, db->nr_prepared, db->alloc_prepared) = xstrdup(name);
	}
	return pq.PQexecPrepared(db->conn, name, param ? 1 : 0, param ? &param : NULL, NULL, NULL, 0);
}

int sg_db_query_prepared(sg_db *db, const char *name, const char *sql, const char *param,
			 sg_db_rows **rows)
{
	PGresult *res = exec_prepared(db, name, sql, param);
	const char *state = res ? pq.PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	*rows = NULL;
	/* DEALLOCATE ALL or DISCARD ALL in the SQL this connection ran: prepare again. */
	if (state && !strcmp(state, "26000")) {
		pq.PQclear(res);
		forget_prepared(db);
		res = exec_prepared(db, name, sql, param);
	}
	if (!res || pq.PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_error(db, res, NULL);
	*rows = xcalloc(1, sizeof(**rows));
	(*rows)->res = res;
	return 0;
}

size_t sg_db_rows_count(const sg_db_rows *rows)
{
	return rows ? (size_t)pq.PQntuples(rows->res) : 0;
}

size_t sg_db_rows_columns(const sg_db_rows *rows)
{
	return rows ? (size_t)pq.PQnfields(rows->res) : 0;
}

const char *sg_db_rows_name(const sg_db_rows *rows, int col)
{
	if (!rows || col < 0 || col >= pq.PQnfields(rows->res))
		return NULL;
	return pq.PQfname(rows->res, col);
}

const char *sg_db_rows_value(const sg_db_rows *rows, size_t row, int col)
{
	if (!rows || row >= (size_t)pq.PQntuples(rows->res) || col < 0 || col >= pq.PQnfields(rows->res) ||
	    pq.PQgetisnull(rows->res, (int)row, col))
		return NULL;
	return pq.PQgetvalue(rows->res, (int)row, col);
}

void sg_db_rows_free(sg_db_rows *rows)
{
	if (!rows)
		return;
	pq.PQclear(rows->res);
	free(rows);
}

int sg_db_server_version(const sg_db *db)
{
	return pq.PQserverVersion(db->conn);
}

const char *sg_db_database(const sg_db *db)
{
	return pq.PQdb(db->conn);
}

const char *sg_db_tls(const sg_db *db)
{
	return pq.PQsslInUse(db->conn) ? pq.PQsslAttribute(db->conn, "protocol") : NULL;
}

const char *sg_db_shown(const sg_db *db)
{
	return db->shown;
}

void sg_db_set_tick(sg_db *db, void (*tick)(void *arg), void *arg)
{
	db->tick = tick;
	db->tick_arg = arg;
}

bool sg_db_alive(const sg_db *db)
{
	return !db->lost && pq.PQstatus(db->conn) == CONNECTION_OK;
}

void sg_db_set_timeout(sg_db *db, int ms)
{
	db->timeout_ms = ms;
}

bool sg_db_in_transaction(const sg_db *db)
{
	PGTransactionStatusType st = pq.PQtransactionStatus(db->conn);
	return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

int sg_db_query_value(sg_db *db, const char *sql, char **value, sg_db_error *err)
{
	PGresult *res = run(db, sql);

	*value = NULL;
	if (!res || pq.PQresultStatus(res) != PGRES_TUPLES_OK)
		return result_error(db, res, err);
	if (pq.PQntuples(res) > 0 && pq.PQnfields(res) > 0 && !pq.PQgetisnull(res, 0, 0))
		*value = xstrdup(pq.PQgetvalue(res, 0, 0));
	pq.PQclear(res);
	return 0;
}

void sg_db_close(sg_db *db)
{
	if (!db)
		return;
	pq.PQfinish(db->conn);
	forget_prepared(db);
	free(db->prepared);
	free(db->shown);
	free(db);
}
