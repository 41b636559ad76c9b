/* core/redact.c: passwords out of connection strings. */
#include "tests/unit/helpers.h"
#include "core/redact.h"

static void check(const char *in, const char *want)
{
	char *got = sg_redact_conninfo(in);

	if (strcmp(got, want))
		fail_msg("redact(%s) = %s, want %s", in, got, want);
	free(got);
}

static void urls(void **state)
{
	(void)state;
	check("postgresql://app:s3cret@db.internal:5432/prod?sslmode=require",
	      "postgresql://app:***@db.internal:5432/prod?sslmode=require");
	check("postgres://app:p@ss@word@db/prod", "postgres://app:***@db/prod");
	check("postgresql://app@db/prod?password=s3cret&sslmode=verify-full",
	      "postgresql://app@db/prod?password=***&sslmode=verify-full");
	check("postgresql://db/prod?sslmode=require&PASSWORD=x#frag",
	      "postgresql://db/prod?sslmode=require&PASSWORD=***#frag");
	check("postgresql://app:@db/prod", "postgresql://app:***@db/prod");
	check("postgresql:///prod?host=/tmp", "postgresql:///prod?host=/tmp");
	check("mysql://root:hunter2@127.0.0.1/app", "mysql://root:***@127.0.0.1/app");
	check("mariadb://app:p%40ss%3Aw@db:3306/app?ssl-mode=verify-full",
	      "mariadb://app:***@db:3306/app?ssl-mode=verify-full");
	check("mysql://app@db/app?ssl-mode=require&password=s3cret&ssl-ca=/etc/ca.pem",
	      "mysql://app@db/app?ssl-mode=require&password=***&ssl-ca=/etc/ca.pem");
	check("mariadb:///app?socket=/run/mysqld/mysqld.sock&Password=x",
	      "mariadb:///app?socket=/run/mysqld/mysqld.sock&Password=***");
}

static void check_dbname(const char *in, const char *dbname, const char *want)
{
	char *got = sg_redact_conninfo_dbname(in, dbname);

	if (strcmp(got, want))
		fail_msg("redact(%s, %s) = %s, want %s", in, dbname, got, want);
	free(got);
}

static void another_database(void **state)
{
	(void)state;
	check_dbname("postgresql://app:s3cret@db:5432/staging?sslmode=require", "postgres",
		     "postgresql://app:***@db:5432/postgres?sslmode=require");
	check_dbname("postgres://app:s3cret@db", "postgres", "postgres://app:***@db/postgres");
	check_dbname("mysql://app:s3cret@db/x#frag", "y", "mysql://app:***@db/y#frag");
	check_dbname("host=db password=s3cret dbname=staging", "postgres",
		     "host=db password=*** dbname=staging dbname=postgres");
	check_dbname("host=db", "my db's", "host=db dbname='my db\\'s'");
	check_dbname("", "postgres", "dbname=postgres");
}

static void key_value_strings(void **state)
{
	(void)state;
	check("host=db password=s3cret dbname=prod", "host=db password=*** dbname=prod");
	check("host=db password = 's3 cr\\'et' user=app", "host=db password = *** user=app");
	check("PassWord=x", "PassWord=***");
	check("host=db passwordfile=/x", "host=db passwordfile=/x");
	check("host=db password='unterminated", "host=db password=***");
	check("password=", "password=***");
	/* libpq reads a host named "password=s3cret" here; it is hidden all the same. */
	check("host=\n password=s3cret", "host=\n password=***");
	check("", "");
}

static void check_message(const char *msg, const char *conninfo, const char *want)
{
	char *got = sg_redact_message(msg, conninfo);

	if (strcmp(got, want))
		fail_msg("redact_message(%s, %s) = %s, want %s", msg, conninfo, got, want);
	free(got);
}

/* libpq quotes the token it cannot decode, or the whole URL. */
static void messages_quoting_the_connection_string(void **state)
{
	(void)state;
	check_message("invalid percent-encoded token: \"p%zzSecret\"",
		      "postgresql://app:p%zzSecret@db/prod", "invalid percent-encoded token: \"***\"");
	check_message("unexpected character \"x\" in URI: \"postgresql://app:s3cret@db:x/prod\"",
		      "postgresql://app:s3cret@db:x/prod",
		      "unexpected character \"x\" in URI: \"postgresql://app:***@db:x/prod\"");
	check_message("bad \"a b\" and a b", "host=db password='a b'", "bad \"***\" and ***");
	check_message("missing \"=\" after \"s3cret\"", "host=db password = s3cret x",
		      "missing \"=\" after \"***\"");
	check_message("no secret here", "postgresql://app@db/prod", "no secret here");
	check_message("hide s3cret and s3cret2", "mysql://a:s3cret@db/x?password=s3cret2",
		      "hide *** and ***");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls),
		cmocka_unit_test(key_value_strings),
		cmocka_unit_test(another_database),
		cmocka_unit_test(messages_quoting_the_connection_string),
	};
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
