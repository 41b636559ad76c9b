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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls),
		cmocka_unit_test(key_value_strings),
	};
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
