/*
 * migrate/dbconn.c and db_mysql.c against the real servers tests/run.sh
 * starts (tests/servers.sh): SG_TEST_PG_URL, SG_TEST_MYSQL_URL and
 * SG_TEST_MYSQL_SOCKET. Without them every test fails: these are the only
 * tests of the MySQL connection, so they must not pass by skipping.
 */
#include "tests/unit/helpers.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/dbconn.h"

#define WRONG_PASSWORD "Wr0ng-Pa55word"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		fail_msg("%s is not set: run the tests through tests/run.sh, which starts the servers",
			 name);
	return v;
}

/* The URL's parts around the password: scheme://user:PASSWORD@rest */
static void split_url(const char *url, const char **colon, const char **at)
{
	const char *auth = strstr(url, "://") + 3;

	*at = strrchr(url, '@');
	*colon = memchr(auth, ':', (size_t)(*at - auth));
	assert_non_null(*colon);
}

static char *url_password(const char *url)
{
	const char *colon, *at;

	split_url(url, &colon, &at);
	return xstrndup(colon + 1, (size_t)(at - colon - 1));
}

/* The URL with `userinfo` (user:password, already encoded) and `suffix` (a query string). */
static char *url_with(const char *url, const char *userinfo, const char *suffix)
{
	sbuf out = SBUF_INIT;
	const char *colon, *at;

	split_url(url, &colon, &at);
	if (userinfo) {
		sbuf_add(&out, url, (size_t)(strstr(url, "://") + 3 - url));
		sbuf_adds(&out, userinfo);
		sbuf_adds(&out, at);
	} else {
		sbuf_adds(&out, url);
	}
	sbuf_adds(&out, suffix ? suffix : "");
	return sbuf_detach(&out);
}

static sg_dbconn *open_ok(const char *url, int timeout_ms)
{
	sg_dbconn *c = NULL;

	if (sg_dbconn_open(&c, url, timeout_ms) < 0)
		fail_msg("open: %s", sg_error_last());
	return c;
}

static sg_table *query_ok(sg_dbconn *c, const char *sql)
{
	sg_table *t = NULL;

	if (sg_dbconn_query(c, sql, &t, NULL) < 0)
		fail_msg("%s: %s", sql, sg_error_last());
	return t;
}

static void assert_value(sg_dbconn *c, const char *sql, const char *want)
{
	sg_table *t = query_ok(c, sql);

	assert_int_equal(t->rows, 1);
	assert_string_equal(sg_table_cell(t, 0, 0), want);
	sg_table_free(t);
}

/* A failed open: its message says so, hides the password and names `needle`. */
static void assert_open_fails(const char *url, const char *secret, const char *needle)
{
	sg_dbconn *c = NULL;

	assert_true(sg_dbconn_open(&c, url, 1000) < 0);
	assert_null(c);
	if (secret && strstr(sg_error_last(), secret))
		fail_msg("the message shows the password: %s", sg_error_last());
	if (!strstr(sg_error_last(), needle))
		fail_msg("the message does not say '%s': %s", needle, sg_error_last());
}

/* Two rows, one NULL, one mixed-case column name. */
static void assert_sample_rows(sg_dbconn *c, const char *sql)
{
	sg_table *t = query_ok(c, sql);

	assert_int_equal(t->rows, 2);
	assert_int_equal(t->cols, 3);
	assert_string_equal(t->names[0], "one");
	assert_string_equal(t->names[1], "Two");
	assert_int_equal(sg_table_column(t, "two"), 1);
	assert_int_equal(sg_table_column(t, "THREE"), 2);
	assert_int_equal(sg_table_column(t, "four"), -1);
	assert_string_equal(sg_table_cell(t, 0, 0), "1");
	assert_string_equal(sg_table_cell(t, 0, 1), "x");
	assert_null(sg_table_cell(t, 0, 2));
	assert_string_equal(sg_table_cell(t, 1, 1), "y");
	assert_string_equal(sg_table_cell(t, 1, 2), "4");
	assert_null(sg_table_cell(t, 2, 0));
	assert_null(sg_table_cell(t, 0, 3));
	sg_table_free(t);
}

static void assert_shown_hides(const sg_dbconn *c, const char *url)
{
	char *password = url_password(url);

	assert_null(strstr(sg_dbconn_shown(c), password));
	assert_non_null(strstr(sg_dbconn_shown(c), ":***@"));
	free(password);
}

static void postgres_answers_with_names_values_and_nulls(void **state)
{
	const char *base = env("SG_TEST_PG_URL");
	char *url = url_with(base, NULL, "?sslmode=disable");
	sg_dbconn *c = open_ok(url, 2000);

	(void)state;
	assert_string_equal(sg_dbconn_engine(c), "postgres");
	assert_true(sg_dbconn_version(c) >= 150000);
	assert_string_equal(sg_dbconn_database(c), "staging");
	assert_null(sg_dbconn_tls(c));
	assert_shown_hides(c, base);
	assert_sample_rows(c, "SELECT 1 AS one, 'x' AS \"Two\", NULL::int AS three "
			      "UNION ALL SELECT 2, 'y', 4 ORDER BY 1");
	assert_value(c, "SHOW application_name", "schemagate policy");
	assert_value(c, "SHOW statement_timeout", "2s");
	sg_dbconn_close(c);
	free(url);
}

static void mariadb_answers_with_names_values_and_nulls(void **state)
{
	const char *base = env("SG_TEST_MYSQL_URL");
	char *url = url_with(base, NULL, "?ssl-mode=disabled&connect-timeout=5");
	sg_dbconn *c = open_ok(url, 2000);
	sg_table *t;

	(void)state;
	assert_string_equal(sg_dbconn_engine(c), "mariadb");
	assert_true(sg_dbconn_version(c) > 100000);
	assert_string_equal(sg_dbconn_database(c), "staging");
	assert_null(sg_dbconn_tls(c));
	assert_shown_hides(c, base);
	assert_sample_rows(c, "SELECT 1 AS one, 'x' AS `Two`, NULL AS three "
			      "UNION ALL SELECT 2, 'y', 4 ORDER BY 1");
	assert_value(c, "SELECT @@session.max_statement_time", "2.000000");
	assert_value(c, "SELECT @@session.tx_read_only", "1");
	/* A statement without rows gives an empty table, not an error. */
	t = query_ok(c, "SET @x = 1");
	assert_int_equal(t->rows, 0);
	assert_int_equal(t->cols, 0);
	sg_table_free(t);
	sg_dbconn_close(c);
	free(url);
}

static void assert_write_refused(const char *url, const char *sqlstate, int code)
{
	sg_dbconn *c = open_ok(url, 2000);
	sg_table *t = (sg_table *)1;
	sg_db_error err;

	assert_true(sg_dbconn_query(c, "CREATE TABLE sg_dbconn_write (id int)", &t, &err) < 0);
	assert_null(t);
	assert_string_equal(err.sqlstate, sqlstate);
	assert_int_equal(err.code, code);
	assert_false(sg_db_error_unverifiable(&err));
	assert_true(strcasestr(sg_error_last(), "read-only") || strcasestr(sg_error_last(), "read only"));
	sg_dbconn_close(c);
}

static void both_sessions_refuse_writes(void **state)
{
	(void)state;
	assert_write_refused(env("SG_TEST_PG_URL"), "25006", 0);
	assert_write_refused(env("SG_TEST_MYSQL_URL"), "25006", 1792);
}

static void assert_times_out(const char *url, const char *sql, const char *sqlstate, int code)
{
	sg_dbconn *c = open_ok(url, 300);
	sg_table *t = NULL;
	sg_db_error err;
	double start = sg_clock_ms();

	assert_true(sg_dbconn_query(c, sql, &t, &err) < 0);
	assert_true(sg_clock_ms() - start < 2000);
	assert_string_equal(err.sqlstate, sqlstate);
	assert_int_equal(err.code, code);
	assert_false(sg_db_error_unverifiable(&err));
	/* The session is still there for the next query. */
	assert_value(c, "SELECT 1", "1");
	sg_dbconn_close(c);
}

static void statements_are_cut_at_the_limit(void **state)
{
	(void)state;
	assert_times_out(env("SG_TEST_PG_URL"), "SELECT pg_sleep(3)", "57014", 0);
	assert_times_out(env("SG_TEST_MYSQL_URL"), "SELECT SLEEP(3)", "70100", 1969);
}

/* `sql` fails; whether that is "cannot verify" is `unverifiable`. */
static void assert_failure_kind(sg_dbconn *c, const char *sql, bool unverifiable)
{
	sg_table *t = NULL;
	sg_db_error err;

	assert_true(sg_dbconn_query(c, sql, &t, &err) < 0);
	if (sg_db_error_unverifiable(&err) != unverifiable)
		fail_msg("%s: unverifiable should be %d: %s", sql, unverifiable, sg_error_last());
}

static void postgres_hidden_things_are_unverifiable(void **state)
{
	sg_dbconn *c = open_ok(env("SG_TEST_PG_URL"), 2000);

	(void)state;
	assert_failure_kind(c, "SELECT * FROM pg_authid", true);
	assert_non_null(strstr(sg_error_last(), "permission denied"));
	assert_failure_kind(c, "SHOW pgaudit.log", true);
	assert_failure_kind(c, "SELECT pg_stat_statements_reset()", true);
	assert_failure_kind(c, "SELECT nope FROM pg_class", true);
	assert_failure_kind(c, "SELEC 1", false);
	assert_failure_kind(c, "SELECT 1/0", false);
	sg_dbconn_close(c);
}

static void mariadb_hidden_things_are_unverifiable(void **state)
{
	sg_dbconn *c = open_ok(env("SG_TEST_MYSQL_URL"), 2000);

	(void)state;
	assert_failure_kind(c, "SELECT * FROM mysql.user", true);
	assert_non_null(strstr(sg_error_last(), "denied"));
	assert_non_null(strstr(sg_error_last(), "1142"));
	assert_failure_kind(c, "SELECT @@server_audit_logging", true);
	assert_failure_kind(c, "SELECT nofunc(1)", true);
	assert_failure_kind(c, "SELECT * FROM staging.no_such_table", true);
	assert_failure_kind(c, "SELEC 1", false);
	sg_dbconn_close(c);
}

static void unverifiable_is_about_visibility_only(void **state)
{
	sg_db_error err = { .sqlstate = "42501" };

	(void)state;
	assert_true(sg_db_error_unverifiable(&err));
	strcpy(err.sqlstate, "42601"); /* syntax error */
	assert_false(sg_db_error_unverifiable(&err));
	strcpy(err.sqlstate, "57P01"); /* admin shutdown: a lost connection */
	assert_false(sg_db_error_unverifiable(&err));
	strcpy(err.sqlstate, "28000");
	err.code = 1045; /* a login failure */
	assert_false(sg_db_error_unverifiable(&err));
	err.code = 2013; /* lost connection */
	assert_false(sg_db_error_unverifiable(&err));
	err.code = 1227;
	assert_true(sg_db_error_unverifiable(&err));
	assert_false(sg_db_error_unverifiable(NULL));
}

static void a_wrong_password_is_never_shown(void **state)
{
	static const char *vars[] = { "SG_TEST_PG_URL", "SG_TEST_MYSQL_URL" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		const char *base = env(vars[i]);
		char *right = url_password(base);
		char *url = url_with(base, "sg_test:" WRONG_PASSWORD, NULL);

		assert_open_fails(url, WRONG_PASSWORD, "cannot connect to the database");
		assert_non_null(strstr(sg_error_last(), ":***@"));
		assert_null(strstr(sg_error_last(), right));
		free(url);
		free(right);
	}
}

/* Run `sql` as root over the socket, with the mariadb client. */
static void mariadb_as_root(const char *sql)
{
	sbuf cmd = SBUF_INIT;
	FILE *p;

	sbuf_addf(&cmd, "mariadb --no-defaults --socket='%s' -uroot", env("SG_TEST_MYSQL_SOCKET"));
	p = popen(cmd.buf, "w");
	assert_non_null(p);
	fputs(sql, p);
	assert_int_equal(pclose(p), 0);
	sbuf_release(&cmd);
}

static void percent_encoded_user_and_password(void **state)
{
	const char *base = env("SG_TEST_MYSQL_URL");
	char *url = url_with(base, "sg%40pct:p%40ss%3Aw%2Frd%25x%3F", NULL);
	sg_dbconn *c;

	(void)state;
	mariadb_as_root("DROP USER IF EXISTS 'sg@pct'@'127.0.0.1';\n"
			"CREATE USER 'sg@pct'@'127.0.0.1' IDENTIFIED BY 'p@ss:w/rd%x?';\n"
			"GRANT SELECT ON staging.* TO 'sg@pct'@'127.0.0.1';\n");
	c = open_ok(url, 2000);
	assert_value(c, "SELECT CURRENT_USER()", "sg@pct@127.0.0.1");
	assert_null(strstr(sg_dbconn_shown(c), "p%40ss"));
	sg_dbconn_close(c);
	free(url);
	mariadb_as_root("DROP USER 'sg@pct'@'127.0.0.1';\n");
}

static void a_unix_socket_instead_of_a_host(void **state)
{
	sbuf url = SBUF_INIT;
	sg_dbconn *c;

	(void)state;
	sbuf_addf(&url, "mariadb://root@localhost/staging?socket=%s", env("SG_TEST_MYSQL_SOCKET"));
	c = open_ok(url.buf, 2000);
	assert_string_equal(sg_dbconn_engine(c), "mariadb");
	assert_value(c, "SELECT CURRENT_USER()", "root@localhost");
	sg_dbconn_close(c);
	sbuf_release(&url);
}

static void another_database_same_credentials(void **state)
{
	const char *base = env("SG_TEST_PG_URL");
	char *password = url_password(base);
	sg_dbconn *c = open_ok(base, 1500), *other = NULL;

	(void)state;
	if (sg_dbconn_open_database(&other, c, "postgres") < 0)
		fail_msg("%s", sg_error_last());
	assert_string_equal(sg_dbconn_database(other), "postgres");
	assert_value(other, "SELECT current_database()", "postgres");
	assert_value(other, "SHOW default_transaction_read_only", "on");
	assert_value(other, "SHOW statement_timeout", "1500ms");
	assert_non_null(strstr(sg_dbconn_shown(other), "/postgres"));
	assert_null(strstr(sg_dbconn_shown(other), password));
	sg_dbconn_close(other);
	assert_true(sg_dbconn_open_database(&other, c, "no_such_db") < 0);
	assert_null(other);
	assert_non_null(strstr(sg_error_last(), "no_such_db"));
	assert_null(strstr(sg_error_last(), password));
	sg_dbconn_close(c);
	free(password);
}

static void another_mariadb_database(void **state)
{
	sg_dbconn *c = open_ok(env("SG_TEST_MYSQL_URL"), 1000), *other = NULL;

	(void)state;
	if (sg_dbconn_open_database(&other, c, "information_schema") < 0)
		fail_msg("%s", sg_error_last());
	assert_string_equal(sg_dbconn_database(other), "information_schema");
	assert_value(other, "SELECT DATABASE()", "information_schema");
	assert_value(other, "SELECT @@session.tx_read_only", "1");
	sg_dbconn_close(other);
	sg_dbconn_close(c);
}

static void bad_urls_are_named_clearly(void **state)
{
	const char *pg = env("SG_TEST_PG_URL"), *my = env("SG_TEST_MYSQL_URL");
	char *secret = url_password(my);
	char *url;

	(void)state;
	url = url_with(my, NULL, "?ssl-mode=required&sslmod=require");
	assert_open_fails(url, secret, "unknown parameter 'sslmod'");
	free(url);
	url = url_with(pg, NULL, "?sslmod=require");
	assert_open_fails(url, secret, "sslmod");
	free(url);
	url = url_with(my, NULL, "?ssl-mode=sometimes");
	assert_open_fails(url, secret, "ssl-mode must be");
	free(url);
	url = url_with(my, NULL, "?connect-timeout=soon");
	assert_open_fails(url, secret, "connect-timeout");
	free(url);
	url = url_with(my, NULL, "?ssl-mode=verify-ca");
	assert_open_fails(url, secret, "needs ssl-ca");
	free(url);
	url = url_with(my, "sg_test:p%zzSecret", NULL);
	assert_open_fails(url, "zzSecret", "percent-encoding in the password");
	free(url);
	url = url_with(my, "sg_test:pa#Secret", NULL);
	assert_open_fails(url, "Secret", "'#'");
	free(url);
	assert_open_fails("mysql://sg_test:12?34Secret@127.0.0.1/staging", "34Secret", "parameter");
	assert_open_fails("mysql://sg_test:pass/Secret@127.0.0.1/staging", "Secret", "port");
	assert_open_fails("mysql://sg_test:pw@127.0.0.1:99999/staging", "pw@", "port");
	assert_open_fails("sqlite://sg_test:Secret@db/x", "Secret", "sqlite");
	/* libpq quotes the token it cannot decode: the password. */
	url = url_with(pg, "sg_test:p%zzSecret", NULL);
	assert_open_fails(url, "zzSecret", "percent-encoded");
	free(url);
	assert_open_fails("", NULL, "no database URL");
	free(secret);
}

static void tls_required_but_not_offered(void **state)
{
	const char *pg = env("SG_TEST_PG_URL"), *my = env("SG_TEST_MYSQL_URL");
	char *secret = url_password(my);
	char *url;

	(void)state;
	/* The test servers run without TLS. */
	url = url_with(my, NULL, "?ssl-mode=REQUIRED");
	assert_open_fails(url, secret, "not encrypted");
	free(url);
	url = url_with(my, NULL, "?sslmode=verify-full");
	assert_open_fails(url, secret, "cannot connect to the database");
	free(url);
	url = url_with(pg, NULL, "?sslmode=require");
	assert_open_fails(url, secret, "SSL");
	free(url);
	free(secret);
}

static void tables_and_connections_free_null(void **state)
{
	sg_table *t = sg_table_new(0, 0);

	(void)state;
	assert_null(sg_table_cell(t, 0, 0));
	assert_int_equal(sg_table_column(t, "x"), -1);
	sg_table_free(t);
	sg_table_free(NULL);
	sg_dbconn_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postgres_answers_with_names_values_and_nulls),
		cmocka_unit_test(mariadb_answers_with_names_values_and_nulls),
		cmocka_unit_test(both_sessions_refuse_writes),
		cmocka_unit_test(statements_are_cut_at_the_limit),
		cmocka_unit_test(postgres_hidden_things_are_unverifiable),
		cmocka_unit_test(mariadb_hidden_things_are_unverifiable),
		cmocka_unit_test(unverifiable_is_about_visibility_only),
		cmocka_unit_test(a_wrong_password_is_never_shown),
		cmocka_unit_test(percent_encoded_user_and_password),
		cmocka_unit_test(a_unix_socket_instead_of_a_host),
		cmocka_unit_test(another_database_same_credentials),
		cmocka_unit_test(another_mariadb_database),
		cmocka_unit_test(bad_urls_are_named_clearly),
		cmocka_unit_test(tls_required_but_not_offered),
		cmocka_unit_test(tables_and_connections_free_null),
	};
	return cmocka_run_group_tests_name("dbconn", tests, NULL, NULL);
}
