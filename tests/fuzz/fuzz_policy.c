/*
 * libFuzzer target over the policy readers. The first byte picks one:
 * 0 a pack file, 1 a waiver file (checked against the built-in baseline),
 * 2 pgBackRest evidence; the rest is the file.
 */
#include "policies/builtin.h"
#include "policies/pack.h"
#include "policies/waiver.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int write_temp(char *path, const uint8_t *data, size_t size)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

static void fuzz_pack(const char *path)
{
	sg_policy_packs p = { 0 };

	if (sg_packs_load(&p, path, SG_ENGINE_PG) == 0)
		sg_packs_validate(&p);
	sg_packs_release(&p);
}

static void fuzz_waivers(const char *path)
{
	sg_policy_packs p = { 0 };
	sg_waivers w = { 0 };

	if (sg_packs_load(&p, "baseline", SG_ENGINE_PG) == 0)
		sg_waivers_load(&w, path, &p);
	sg_waivers_release(&w);
	sg_packs_release(&p);
}

static void fuzz_pgbackrest(const char *path)
{
	sg_strlist keys = { 0 }, values = { 0 };
	sg_builtin_args args = { &keys, &values, 1790000000 };
	sg_check_result res = { 0 };

	sg_strlist_add(&keys, "file");
	sg_strlist_add(&values, path);
	sg_strlist_add(&keys, "type");
	sg_strlist_add(&values, "full");
	sg_strlist_add(&keys, "max_age");
	sg_strlist_add(&values, "8d");
	sg_builtin_pgbackrest(&args, &res);
	sg_check_result_release(&res);
	sg_strlist_release(&keys);
	sg_strlist_release(&values);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char p[] = "/tmp/sg-fuzz-policy-XXXXXX";

	if (size < 1)
		return 0;
	if (write_temp(p, data + 1, size - 1) < 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_pack(p);
		break;
	case 1:
		fuzz_waivers(p);
		break;
	default:
		fuzz_pgbackrest(p);
		break;
	}
	unlink(p);
	return 0;
}
