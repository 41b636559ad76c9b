/* migrate/db.c against a real throwaway PostgreSQL (migrate/devdb.c). */
#include "tests/unit/helpers.h"
#include "core/error.h"
#include "migrate/db.h"
#include "migrate/devdb.h"

static sg_devdb *server;

static int start(void **state)
{
	(void)state;
	if (sg_devdb_start(&server) < 0) {
		print_error("%s\n", sg_error_last());
		return -1;
	}
	return 0;
}

static int stop(void **state)
{
	(void)state;
	sg_devdb_stop(server);
	return 0;
}

static void statements_run_and_values_come_back(void **state)
{
	sg_db *db;
	char *v = NULL;

	(void)state;
	assert_int_equal(sg_db_connect(&db, sg_devdb_conninfo(server)), 0);
	assert_int_equal(sg_db_exec(db, "CREATE TABLE t (id int); INSERT INTO t VALUES (41)", NULL), 0);
	assert_int_equal(sg_db_query_value(db, "SELECT id + 1 FROM t", &v, NULL), 0);
	assert_string_equal(v, "42");
	free(v);
	assert_int_equal(sg_db_query_value(db, "SELECT NULL", &v, NULL), 0);
	assert_null(v);
	sg_db_close(db);
}

static void errors_carry_sqlstate_and_position(void **state)
{
	sg_db_error err;
	sg_db *db;

	(void)state;
	assert_int_equal(sg_db_connect(&db, sg_devdb_conninfo(server)), 0);
	assert_true(sg_db_exec(db, "SELECT 1;\nSELECT nope FROM pg_class", &err) < 0);
	assert_string_equal(err.sqlstate, "42703");
	assert_int_equal(err.position, 18);
	assert_non_null(strstr(sg_error_last(), "nope"));
	sg_db_close(db);
}

static void a_failed_connection_never_shows_the_password(void **state)
{
	static const char *targets[] = {
		"postgresql://app:Sup3rS3cret@127.0.0.1:1/prod?connect_timeout=2",
		"host=127.0.0.1 port=1 user=app password=Sup3rS3cret connect_timeout=2",
	};
	size_t i;
	sg_db *db;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_true(sg_db_connect(&db, targets[i]) < 0);
		assert_null(strstr(sg_error_last(), "Sup3rS3cret"));
		assert_non_null(strstr(sg_error_last(), "***"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statements_run_and_values_come_back),
		cmocka_unit_test(errors_carry_sqlstate_and_position),
		cmocka_unit_test(a_failed_connection_never_shows_the_password),
	};
	return cmocka_run_group_tests_name("db", tests, start, stop);
}
