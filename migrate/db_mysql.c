/*
 * MySQL and MariaDB for the inspection connection (see dbconn.h), over
 * MariaDB Connector/C: the one file that includes mysql.h.
 *
 * The URL is ours to parse (the connector takes separate arguments). Its
 * parts end where sg_redact_conninfo ends them, so what is read as the
 * password is exactly what the shown URL hides; '#' is refused, since the
 * redaction would end the user information there. A URL that does not parse
 * is never quoted back (an unencoded '/' or '?' in a password would move the
 * boundaries): the message names the part that is wrong instead.
 *
 * TLS with Connector/C 3.3: MYSQL_OPT_SSL_ENFORCE only asks for TLS. When
 * the server offers none, the connector carries on in the clear unless the
 * certificate is to be verified, so "require" is checked after connecting.
 * A CA file makes it verify the chain; MYSQL_OPT_SSL_VERIFY_SERVER_CERT adds
 * the host name. Any certificate option switches TLS on, so "disable" passes
 * none and turns ENFORCE off explicitly (Connector/C 3.4 asks for TLS unless
 * told not to).
 */
#include "migrate/dbconn.h"
#include "core/dynlib.h"
#include "core/error.h"
#include "core/redact.h"
#include "core/sbuf.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_CONNECT_TIMEOUT_S 10

enum tls_mode { TLS_DISABLE, TLS_PREFER, TLS_REQUIRE, TLS_VERIFY_CA, TLS_VERIFY_FULL };

/* A parsed mysql:// URL: every string decoded and owned, NULL when absent. */
struct url {
	char *user, *password, *host, *database, *socket;
	char *ssl_ca, *ssl_cert, *ssl_key;
	unsigned port, connect_timeout; /* 0: the default */
	enum tls_mode tls;
};

/*
 * MariaDB Connector/C, loaded when the first MySQL connection is made
 * (core/dynlib.h): the commands that never connect to MySQL do not load it.
 */
#define MY_FUNCTIONS(X) \
	X(mariadb_get_infov) \
	X(mysql_close) \
	X(mysql_errno) \
	X(mysql_error) \
	X(mysql_fetch_fields) \
	X(mysql_fetch_lengths) \
	X(mysql_fetch_row) \
	X(mysql_field_count) \
	X(mysql_free_result) \
	X(mysql_get_server_info) \
	X(mysql_get_server_version) \
	X(mysql_get_ssl_cipher) \
	X(mysql_init) \
	X(mysql_more_results) \
	X(mysql_next_result) \
	X(mysql_num_fields) \
	X(mysql_num_rows) \
	X(mysql_options) \
	X(mysql_real_connect) \
	X(mysql_real_query) \
	X(mysql_sqlstate) \
	X(mysql_ssl_set) \
	X(mysql_store_result)

static struct {
#define MY_MEMBER(f) __typeof__(&f) f;
	MY_FUNCTIONS(MY_MEMBER)
#undef MY_MEMBER
} my;

static int my_load(void)
{
#define MY_NAME(f) #f,
	static const char *const names[] = { MY_FUNCTIONS(MY_NAME) };
#undef MY_NAME
	void *fns[sizeof(names) / sizeof(names[0])];
	static bool loaded;
	size_t i = 0;

	if (loaded)
		return 0;
	if (sg_dynlib_open("libmariadb.so.3", "libmariadb3", names, fns, sizeof(names) / sizeof(names[0])) < 0)
		return -1;
#define MY_SET(f) my.f = (__typeof__(my.f))fns[i++];
	MY_FUNCTIONS(MY_SET)
#undef MY_SET
	loaded = true;
	return 0;
}

struct sg_mysql {
	MYSQL *conn;    /* owned */
	char *shown;    /* owned: the URL without its password */
	char *database; /* NULL or owned */
	char *tls;      /* NULL or owned: the TLS protocol */
	bool mariadb;
	int version;
};

static const struct {
	const char *name;
	enum tls_mode mode;
} tls_modes[] = {
	{ "disable", TLS_DISABLE },	    { "disabled", TLS_DISABLE },
	{ "prefer", TLS_PREFER },	    { "preferred", TLS_PREFER },
	{ "require", TLS_REQUIRE },	    { "required", TLS_REQUIRE },
	{ "verify-ca", TLS_VERIFY_CA },	    { "verify_ca", TLS_VERIFY_CA },
	{ "verify-full", TLS_VERIFY_FULL }, { "verify_identity", TLS_VERIFY_FULL },
	{ "verify-identity", TLS_VERIFY_FULL },
};

enum param_kind { PARAM_STRING, PARAM_TLS_MODE, PARAM_SECONDS };

static const struct param {
	const char *name;
	enum param_kind kind;
	size_t field; /* PARAM_STRING: offset of the char * in struct url */
} params[] = {
	{ "ssl-mode", PARAM_TLS_MODE, 0 },
	{ "sslmode", PARAM_TLS_MODE, 0 },
	{ "ssl-ca", PARAM_STRING, offsetof(struct url, ssl_ca) },
	{ "sslrootcert", PARAM_STRING, offsetof(struct url, ssl_ca) },
	{ "ssl-cert", PARAM_STRING, offsetof(struct url, ssl_cert) },
	{ "sslcert", PARAM_STRING, offsetof(struct url, ssl_cert) },
	{ "ssl-key", PARAM_STRING, offsetof(struct url, ssl_key) },
	{ "sslkey", PARAM_STRING, offsetof(struct url, ssl_key) },
	{ "socket", PARAM_STRING, offsetof(struct url, socket) },
	{ "connect-timeout", PARAM_SECONDS, 0 },
	{ "connect_timeout", PARAM_SECONDS, 0 },
	{ "password", PARAM_STRING, offsetof(struct url, password) },
	{ "user", PARAM_STRING, offsetof(struct url, user) },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof(*(a)))

static void url_release(struct url *u)
{
	free(u->user);
	free(u->password);
	free(u->host);
	free(u->database);
	free(u->socket);
	free(u->ssl_ca);
	free(u->ssl_cert);
	free(u->ssl_key);
}

static int url_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int url_error(const char *fmt, ...)
{
	sbuf why = SBUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	sbuf_vaddf(&why, fmt, ap);
	va_end(ap);
	rc = sg_error_set(SG_EINVALID, "invalid MySQL URL: %s", why.buf);
	sbuf_release(&why);
	return rc;
}

/* The byte a %XX escape at s (with `left` bytes from s on) stands for; -1 if none or NUL. */
static int escaped_byte(const char *s, size_t left)
{
	int hi, lo;

	if (left < 3)
		return -1;
	hi = hex_digit_value(s[1]);
	lo = hex_digit_value(s[2]);
	if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
		return -1;
	return hi * 16 + lo;
}

/* Percent-decode s[0, len) into *out (owned); what = the part, for the message. */
static int decode(char **out, const char *s, size_t len, const char *what)
{
	sbuf b = SBUF_INIT;
	size_t i;
	int c;

	*out = NULL;
	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			sbuf_addch(&b, s[i]);
			continue;
		}
		c = escaped_byte(s + i, len - i);
		if (c < 0) {
			sbuf_release(&b);
			return url_error("a bad percent-encoding in %s (a '%%' needs two hex digits, "
					 "and %%00 is not allowed; write '%%' itself as %%25)",
					 what);
		}
		sbuf_addch(&b, (char)c);
		i += 2;
	}
	*out = sbuf_detach(&b);
	return 0;
}

static int parse_number(unsigned *out, const char *s, size_t len, unsigned max)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* user[:password], up to the '@' at `end`. */
static int parse_userinfo(struct url *u, const char *s, const char *end)
{
	const char *colon = memchr(s, ':', (size_t)(end - s));
	const char *user_end = colon ? colon : end;
	int rc;

	rc = decode(&u->user, s, (size_t)(user_end - s), "the user name");
	if (rc < 0 || !colon)
		return rc;
	return decode(&u->password, colon + 1, (size_t)(end - colon - 1), "the password");
}

/* host[:port] or [ipv6][:port], up to `end`. */
static int parse_hostport(struct url *u, const char *s, const char *end)
{
	const char *host_end, *port = NULL;
	const char *close = *s == '[' ? memchr(s, ']', (size_t)(end - s)) : NULL;
	int rc;

	if (*s == '[' && !close)
		return url_error("an IPv6 address in the host without its closing ']'");
	host_end = close ? close + 1 : s + strcspn(s, ":");
	if (host_end > end)
		host_end = end;
	if (host_end < end && *host_end != ':')
		return url_error("something after the IPv6 address that is not ':port'");
	if (host_end < end)
		port = host_end + 1;
	if (port && parse_number(&u->port, port, (size_t)(end - port), 65535) < 0)
		return url_error("the port is not a number from 1 to 65535 (percent-encode ':', '/', "
				 "'?' and '@' in a user name or password)");
	if (close)
		rc = decode(&u->host, s + 1, (size_t)(close - s - 1), "the host");
	else
		rc = host_end > s ? decode(&u->host, s, (size_t)(host_end - s), "the host") : 0;
	return rc;
}

static int set_tls_mode(struct url *u, const char *value)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tls_modes); i++)
		if (!strcasecmp(value, tls_modes[i].name)) {
			u->tls = tls_modes[i].mode;
			return 0;
		}
	return url_error("ssl-mode must be disable, prefer, require, verify-ca or verify-full");
}

/* A parameter's name is quoted only when it looks like one: it could be a misplaced password. */
static bool is_plain_name(const char *s, size_t len)
{
	return len && len <= 40 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") >= len;
}

static const struct param *find_param(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(params); i++)
		if (strlen(params[i].name) == len && !strncasecmp(name, params[i].name, len))
			return &params[i];
	return NULL;
}

static int unknown_param(const char *name, size_t len)
{
	static const char known[] = "ssl-mode, ssl-ca, ssl-cert, ssl-key, socket, connect-timeout";

	if (!is_plain_name(name, len))
		return url_error("a parameter that is not name=value (known: %s)", known);
	return url_error("unknown parameter '%.*s' (known: %s)", (int)len, name, known);
}

static int set_param(struct url *u, const struct param *p, char *value)
{
	char **slot;
	int rc = 0;

	switch (p->kind) {
	case PARAM_STRING:
		slot = (char **)((char *)u + p->field);
		free(*slot);
		*slot = value;
		return 0;
	case PARAM_TLS_MODE:
		rc = set_tls_mode(u, value);
		break;
	case PARAM_SECONDS:
		if (parse_number(&u->connect_timeout, value, strlen(value), 86400) < 0)
			rc = url_error("%s must be a number of seconds from 1 to 86400", p->name);
		break;
	}
	free(value);
	return rc;
}

/* One name=value of the query string. */
static int parse_param(struct url *u, const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t name_len = eq ? (size_t)(eq - s) : len;
	const struct param *p = find_param(s, name_len);
	char *value;
	int rc;

	if (!p || !eq)
		return p ? url_error("parameter '%s' has no value", p->name) : unknown_param(s, name_len);
	rc = decode(&value, eq + 1, len - name_len - 1, "a parameter's value");
	if (rc < 0)
		return rc;
	return set_param(u, p, value);
}

static int parse_query(struct url *u, const char *s)
{
	int rc = 0;

	while (*s && rc == 0) {
		size_t len = strcspn(s, "&");

		if (len)
			rc = parse_param(u, s, len);
		s += len + (s[len] == '&');
	}
	return rc;
}

static int check_url(const struct url *u)
{
	if (u->tls == TLS_VERIFY_CA && !u->ssl_ca)
		return url_error("ssl-mode=verify-ca needs ssl-ca, the file of the authority "
				 "that signed the server's certificate");
	return 0;
}

static int url_parse(struct url *u, const char *url)
{
	const char *authority = strstr(url, "://") + 3;
	const char *end = authority + strcspn(authority, "/?");
	const char *host = authority, *p, *at = NULL;
	size_t len;
	int rc = 0;

	memset(u, 0, sizeof(*u));
	u->tls = TLS_PREFER;
	if (strchr(url, '#'))
		return url_error("'#' must be percent-encoded (as %%23)");
	for (p = authority; p < end; p++)
		if (*p == '@')
			at = p; /* the last '@' ends the user information, as in redact.c */
	if (at) {
		rc = parse_userinfo(u, authority, at);
		host = at + 1;
	}
	if (rc == 0 && host < end)
		rc = parse_hostport(u, host, end);
	if (rc == 0 && *end == '/') {
		len = strcspn(end + 1, "?");
		if (len)
			rc = decode(&u->database, end + 1, len, "the database name");
		end += 1 + len;
	}
	if (rc == 0 && *end == '?')
		rc = parse_query(u, end + 1);
	return rc < 0 ? rc : check_url(u);
}

static void set_tls_options(MYSQL *conn, const struct url *u)
{
	my_bool on = 1, off = 0;

	if (u->tls == TLS_DISABLE) {
		my.mysql_options(conn, MYSQL_OPT_SSL_ENFORCE, &off);
		my.mysql_options(conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &off);
		return;
	}
	my.mysql_options(conn, MYSQL_OPT_SSL_ENFORCE, &on);
	my.mysql_options(conn, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, u->tls == TLS_VERIFY_FULL ? &on : &off);
	if (u->ssl_ca || u->ssl_cert || u->ssl_key)
		my.mysql_ssl_set(conn, u->ssl_key, u->ssl_cert, u->ssl_ca, NULL, NULL);
}

static void set_options(MYSQL *conn, const struct url *u, int statement_timeout_ms)
{
	unsigned connect = u->connect_timeout ? u->connect_timeout : DEFAULT_CONNECT_TIMEOUT_S;
	unsigned protocol = u->socket ? MYSQL_PROTOCOL_SOCKET : MYSQL_PROTOCOL_TCP;
	unsigned io = (unsigned)(statement_timeout_ms + SG_DBCONN_NO_ANSWER_GRACE_MS + 999) / 1000;
	unsigned local_infile = 0;

	my.mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &connect);
	/* The server cuts a statement at the limit; this is for a server that stopped answering. */
	if (statement_timeout_ms > 0) {
		my.mysql_options(conn, MYSQL_OPT_READ_TIMEOUT, &io);
		my.mysql_options(conn, MYSQL_OPT_WRITE_TIMEOUT, &io);
	}
	my.mysql_options(conn, MYSQL_OPT_PROTOCOL, &protocol);
	my.mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* A server must not be able to ask for a file of ours (LOAD DATA LOCAL). */
	my.mysql_options(conn, MYSQL_OPT_LOCAL_INFILE, &local_infile);
	set_tls_options(conn, u);
}

static int connect_error(const sg_mysql *m, const char *why, const char *url)
{
	char *hidden = sg_redact_message(why, url);
	int rc = sg_error_set(SG_ERROR, "cannot connect to the database '%s': %s", m->shown, hidden);

	free(hidden);
	return rc;
}

static int connect_url(sg_mysql *m, const char *url, const struct url *u, const char *dbname,
		       int statement_timeout_ms)
{
	const char *database = dbname ? dbname : u->database;

	m->conn = my.mysql_init(NULL);
	if (!m->conn)
		return connect_error(m, "out of memory", url);
	set_options(m->conn, u, statement_timeout_ms);
	if (!my.mysql_real_connect(m->conn, u->socket ? NULL : u->host, u->user, u->password, database,
				u->port, u->socket, 0))
		return connect_error(m, my.mysql_error(m->conn), url);
	if (u->tls >= TLS_REQUIRE && !my.mysql_get_ssl_cipher(m->conn))
		return connect_error(m,
				     "the connection is not encrypted: the server offers no TLS, "
				     "which ssl-mode asks for",
				     url);
	m->database = database && *database ? xstrdup(database) : NULL;
	return 0;
}

static int query_error(MYSQL *conn, sg_db_error *err)
{
	unsigned code = my.mysql_errno(conn);
	const char *state = my.mysql_sqlstate(conn);

	if (err) {
		memset(err, 0, sizeof(*err));
		err->code = (int)code;
		snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", state ? state : "");
	}
	return sg_error_set(SG_ERROR, "%s (error %u, SQLSTATE %s)", my.mysql_error(conn), code,
			    state ? state : "HY000");
}

/* A statement without rows (SET), on a connection being set up. */
static int run_setup(sg_mysql *m, const char *sql)
{
	if (my.mysql_real_query(m->conn, sql, strlen(sql)) == 0)
		return 0;
	query_error(m->conn, NULL);
	return sg_error_set(SG_ERROR, "cannot set up a read-only session on '%s': %s", m->shown,
			    sg_error_last());
}

/* MariaDB counts max_statement_time in seconds, MySQL max_execution_time in ms (SELECT only). */
static int session_setup(sg_mysql *m, int statement_timeout_ms)
{
	sbuf sql = SBUF_INIT;
	int rc;

	rc = run_setup(m, "SET SESSION TRANSACTION READ ONLY");
	if (rc < 0)
		return rc;
	if (m->mariadb)
		sbuf_addf(&sql, "SET SESSION max_statement_time = %d.%03d", statement_timeout_ms / 1000,
			  statement_timeout_ms % 1000);
	else
		sbuf_addf(&sql, "SET SESSION max_execution_time = %d", statement_timeout_ms);
	rc = run_setup(m, sql.buf);
	sbuf_release(&sql);
	return rc;
}

static void describe_server(sg_mysql *m)
{
	const char *info = my.mysql_get_server_info(m->conn);
	const char *protocol = NULL;

	m->mariadb = info && strstr(info, "MariaDB");
	m->version = (int)my.mysql_get_server_version(m->conn);
	if (my.mysql_get_ssl_cipher(m->conn) &&
	    my.mariadb_get_infov(m->conn, MARIADB_CONNECTION_TLS_VERSION, &protocol) == 0 && protocol)
		m->tls = xstrdup(protocol);
}

int sg_mysql_open(sg_mysql **out, const char *url, const char *dbname, int statement_timeout_ms)
{
	sg_mysql *m;
	struct url u;
	int rc;

	*out = NULL;
	rc = url_parse(&u, url);
	if (rc == 0)
		rc = my_load();
	if (rc < 0) {
		url_release(&u);
		return rc;
	}
	m = xcalloc(1, sizeof(*m));
	m->shown = dbname ? sg_redact_conninfo_dbname(url, dbname) : sg_redact_conninfo(url);
	rc = connect_url(m, url, &u, dbname, statement_timeout_ms);
	url_release(&u);
	if (rc == 0) {
		describe_server(m);
		rc = session_setup(m, statement_timeout_ms);
	}
	if (rc < 0) {
		sg_mysql_close(m);
		return rc;
	}
	*out = m;
	return 0;
}

static sg_table *table_from_result(MYSQL_RES *res)
{
	size_t rows = (size_t)my.mysql_num_rows(res), cols = my.mysql_num_fields(res), i, j;
	MYSQL_FIELD *fields = my.mysql_fetch_fields(res);
	sg_table *t = sg_table_new(rows, cols);
	unsigned long *len;
	MYSQL_ROW row;

	for (j = 0; j < cols; j++)
		t->names[j] = xstrdup(fields[j].name);
	for (i = 0; i < rows; i++) {
		row = my.mysql_fetch_row(res);
		len = my.mysql_fetch_lengths(res);
		for (j = 0; row && j < cols; j++)
			t->cells[i * cols + j] = row[j] ? xstrndup(row[j], len[j]) : NULL;
	}
	return t;
}

/* A CALL answers with more than one result: read past the rest, or the connection is stuck. */
static int skip_more_results(MYSQL *conn, sg_db_error *err)
{
	int status;

	while (my.mysql_more_results(conn)) {
		status = my.mysql_next_result(conn);
		if (status > 0)
			return query_error(conn, err);
		if (status < 0)
			break;
		my.mysql_free_result(my.mysql_store_result(conn));
	}
	return 0;
}

int sg_mysql_query(sg_mysql *m, const char *sql, sg_table **out, sg_db_error *err)
{
	MYSQL_RES *res;
	int rc;

	*out = NULL;
	if (my.mysql_real_query(m->conn, sql, strlen(sql)))
		return query_error(m->conn, err);
	res = my.mysql_store_result(m->conn);
	if (!res && my.mysql_field_count(m->conn))
		return query_error(m->conn, err);
	rc = skip_more_results(m->conn, err);
	if (rc == 0)
		*out = res ? table_from_result(res) : sg_table_new(0, 0);
	my.mysql_free_result(res);
	return rc;
}

bool sg_mysql_is_mariadb(const sg_mysql *m)
{
	return m->mariadb;
}

int sg_mysql_version(const sg_mysql *m)
{
	return m->version;
}

const char *sg_mysql_shown(const sg_mysql *m)
{
	return m->shown;
}

bool sg_mysql_alive(const sg_mysql *m)
{
	unsigned code = my.mysql_errno(m->conn);

	return code != CR_SERVER_GONE_ERROR && code != CR_SERVER_LOST;
}

const char *sg_mysql_tls(const sg_mysql *m)
{
	return m->tls;
}

const char *sg_mysql_database(const sg_mysql *m)
{
	return m->database;
}

void sg_mysql_close(sg_mysql *m)
{
	if (!m)
		return;
	if (m->conn)
		my.mysql_close(m->conn);
	free(m->shown);
	free(m->database);
	free(m->tls);
	free(m);
}

bool sg_mysql_code_unverifiable(int code)
{
	switch (code) {
	case ER_DBACCESS_DENIED_ERROR:        /* 1044: no access to that database */
	case ER_TABLEACCESS_DENIED_ERROR:     /* 1142 */
	case ER_COLUMNACCESS_DENIED_ERROR:    /* 1143 */
	case ER_SPECIFIC_ACCESS_DENIED_ERROR: /* 1227: needs SUPER, PROCESS, ... */
	case ER_PROCACCESS_DENIED_ERROR:      /* 1370 */
	case ER_VIEW_INVALID:                 /* 1356: a view whose definer lacks the rights */
	case ER_BAD_DB_ERROR:                 /* 1049: no such schema (sys on an old server) */
	case ER_NO_SUCH_TABLE:                /* 1146 */
	case ER_BAD_FIELD_ERROR:              /* 1054: an older server's catalog */
	case ER_UNKNOWN_TABLE:                /* 1109: unknown table in information_schema */
	case ER_UNKNOWN_SYSTEM_VARIABLE:      /* 1193: a plugin's variable, plugin not loaded */
	case ER_SP_DOES_NOT_EXIST:            /* 1305: FUNCTION ... does not exist */
	case ER_FUNC_INEXISTENT_NAME_COLLISION: /* 1630: the same, written with a space */
		return true;
	default:
		return false;
	}
}
