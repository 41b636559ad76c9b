/* core/: errors, strings, maps, positions, UTF-8, versions. */
#include "tests/unit/helpers.h"
#include "core/error.h"
#include "core/strmap.h"
#include "core/text.h"
#include "gate/config.h"
#include "migrate/source.h"

#include <pthread.h>

static void *set_error(void *arg)
{
	sg_error_set(SG_ERROR, "%s", (const char *)arg);
	assert_string_equal(sg_error_last(), arg);
	sg_error_release();
	return NULL;
}

/* gate/prefetch.c's workers fail side by side; each must read its own message. */
static void errors_are_per_thread(void **state)
{
	pthread_t t;

	(void)state;
	sg_error_set(SG_ENOTFOUND, "main thread");
	assert_int_equal(pthread_create(&t, NULL, set_error, "worker"), 0);
	pthread_join(t, NULL);
	assert_string_equal(sg_error_last(), "main thread");
	sg_error_release();
	assert_string_equal(sg_error_last(), "");
}

static void sbuf_grows_and_detaches(void **state)
{
	sbuf sb = SBUF_INIT;
	char *s;
	int i;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		sbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	s = sbuf_detach(&sb);
	assert_string_equal(sb.buf, "");
	free(s);
}

static void strmap_stores_and_replaces(void **state)
{
	sg_strmap m = SG_STRMAP_INIT;
	char key[32];
	void *v;
	int i;

	(void)state;
	m.free_value = free;
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "t%d", i);
		sg_strmap_put(&m, key, strdup(key));
	}
	sg_strmap_put(&m, "t42", strdup("replaced"));
	assert_int_equal(m.nr, 5000);
	assert_true(sg_strmap_get(&m, "t42", &v));
	assert_string_equal(v, "replaced");
	assert_true(sg_strmap_get(&m, "t4999", &v));
	assert_string_equal(v, "t4999");
	assert_false(sg_strmap_has(&m, "t5000"));
	sg_strmap_clear(&m);
	assert_false(sg_strmap_has(&m, "t1"));
}

static void positions_count_characters(void **state)
{
	const char *s = "ab\ncafé x\n\xff\xfe y";
	sg_text t;
	sg_pos p;

	(void)state;
	sg_text_init(&t, s, strlen(s));
	p = sg_text_pos(&t, 0);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.column, 1);
	p = sg_text_pos(&t, 3 + 6); /* after "café" (5 bytes) + space */
	assert_int_equal(p.line, 2);
	assert_int_equal(p.column, 6);
	p = sg_text_pos(&t, strlen(s) - 1); /* invalid bytes count one each */
	assert_int_equal(p.line, 3);
	assert_int_equal(p.column, 4);
	p = sg_text_pos(&t, 10000); /* clamped to the end */
	assert_int_equal(p.line, 3);
	sg_text_release(&t);
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_int_equal(utf8_first_invalid("plain", 5), 5);
	assert_int_equal(utf8_first_invalid("caf\xc3\xa9", 5), 5);
	assert_int_equal(utf8_first_invalid("caf\xe9!", 5), 3);
	assert_int_equal(utf8_first_invalid("a\0b", 3), 1);
	assert_int_equal(utf8_first_invalid("\xed\xa0\x80", 3), 0); /* surrogate */
	assert_int_equal(utf8_first_invalid("\xc0\xaf", 2), 0);     /* overlong */
	assert_int_equal(utf8_first_invalid("\xf0\x9f\x98\x80", 4), 4);
	/* past the eight-byte steps: a NUL, a stray byte, a sequence across a step */
	assert_int_equal(utf8_first_invalid("0123456789\0bc", 13), 10);
	assert_int_equal(utf8_first_invalid("01234567\x80" "abcdefgh", 17), 8);
	assert_int_equal(utf8_first_invalid("0123456\xc3\xa9" "abcdefgh", 17), 17);
	assert_int_equal(utf8_first_invalid("0123456789abcdef", 16), 16);
}

/* Lines longer than the eight-byte steps, with a non-ASCII byte at each end. */
static void long_lines_know_whether_they_are_ascii(void **state)
{
	const char *s = "\xc3\xa9 long enough line\nplain ascii line here\nanother line \xc3\xa9";
	sg_text t;

	(void)state;
	sg_text_init(&t, s, strlen(s));
	assert_int_equal(t.nr_lines, 3);
	assert_false(t.line_ascii[0]);
	assert_true(t.line_ascii[1]);
	assert_false(t.line_ascii[2]);
	assert_int_equal(sg_text_pos(&t, strlen(s) - 2).column, 14);
	sg_text_release(&t);
}

static void server_versions(void **state)
{
	(void)state;
	assert_int_equal(sg_parse_server_version("15"), 150000);
	assert_int_equal(sg_parse_server_version("14.2"), 140002);
	assert_int_equal(sg_parse_server_version("9.6"), 90600);
	assert_int_equal(sg_parse_server_version("110005"), 110005);
	assert_int_equal(sg_parse_server_version("banana"), -1);
	assert_int_equal(sg_parse_server_version("15x"), -1);
	assert_int_equal(sg_parse_server_version("3"), -1);
}

static void durations(void **state)
{
	(void)state;
	assert_int_equal(sg_parse_duration_ms("500ms"), 500);
	assert_int_equal(sg_parse_duration_ms("5s"), 5000);
	assert_int_equal(sg_parse_duration_ms("1.5min"), 90000);
	assert_int_equal(sg_parse_duration_ms("2h"), 7200000);
	assert_int_equal(sg_parse_duration_ms("250"), 250);
	assert_int_equal(sg_parse_duration_ms("0"), 0);
	assert_int_equal(sg_parse_duration_ms("5 s"), 5000);
	assert_int_equal(sg_parse_duration_ms("-1s"), -1);
	assert_int_equal(sg_parse_duration_ms("5d"), -1);
	assert_int_equal(sg_parse_duration_ms("s"), -1);
	assert_int_equal(sg_parse_duration_ms(""), -1);
	assert_int_equal(sg_parse_duration_ms("9999999999h"), -1);
	assert_int_equal(sg_parse_duration_ms(NULL), -1);
}

static void versions_order_numerically(void **state)
{
	(void)state;
	assert_true(sg_version_cmp("2_a.sql", "10_a.sql") < 0);
	assert_true(sg_version_cmp("V1_9__x.sql", "V1_10__x.sql") < 0);
	assert_true(sg_version_cmp("20240101120000_a", "20240101120001_a") < 0);
	assert_true(sg_version_cmp("001_a", "1_a") == 0);
	assert_true(sg_version_cmp("abc", "abd") < 0);
}

static void down_files_are_recognised(void **state)
{
	(void)state;
	assert_true(sg_source_is_down("db/001_users.down.sql"));
	assert_true(sg_source_is_down("migrations/2024_x/down.sql"));
	assert_true(sg_source_is_down("sql/U2__undo.sql"));
	assert_false(sg_source_is_down("db/001_users.up.sql"));
	assert_false(sg_source_is_down("sql/V2__users.sql"));
	assert_false(sg_source_is_down("sql/Users__x.sql"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_are_per_thread),
		cmocka_unit_test(sbuf_grows_and_detaches),
		cmocka_unit_test(strmap_stores_and_replaces),
		cmocka_unit_test(positions_count_characters),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(long_lines_know_whether_they_are_ascii),
		cmocka_unit_test(server_versions),
		cmocka_unit_test(durations),
		cmocka_unit_test(versions_order_numerically),
		cmocka_unit_test(down_files_are_recognised),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
