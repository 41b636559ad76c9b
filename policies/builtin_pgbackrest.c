/*
 * The pgBackRest evidence check: `pgbackrest info --output=json`, which the
 * pipeline runs where the repository is and hands over as a file (running
 * it from the gate is not read-only: `pgbackrest check` switches WAL).
 * The output is an array of stanzas; each has a status code (0 = ok) and
 * its backups with a type and start/stop times in epoch seconds. Unknown
 * keys are ignored and missing ones tolerated: the format grows.
 */
#include "policies/builtin.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/source.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVIDENCE_BYTES ((size_t)64 << 20)

static const char *type_name(const char *t)
{
	return !strcmp(t, "incr") ? "incremental" : !strcmp(t, "diff") ? "differential" : t;
}

/* The newest backup of `type` ("any": of every type) in a stanza, or NULL. */
static const cJSON *newest_backup(const cJSON *stanza, const char *type)
{
	const cJSON *b, *best = NULL;
	double best_stop = -1;

	cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(stanza, "backup")) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(b, "type");
		const cJSON *ts = cJSON_GetObjectItemCaseSensitive(b, "timestamp");
		const cJSON *stop = cJSON_GetObjectItemCaseSensitive(ts, "stop");

		if (!cJSON_IsString(t) || !cJSON_IsNumber(stop))
			continue;
		if (strcmp(type, "any") && strcmp(t->valuestring, type))
			continue;
		if (stop->valuedouble > best_stop) {
			best_stop = stop->valuedouble;
			best = b;
		}
	}
	return best;
}

static void judge_stanza(const cJSON *stanza, const char *type, long long max_age, long long now, sbuf *fail,
			 sbuf *seen)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(stanza, "name");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(stanza, "status");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(status, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(status, "message");
	const char *sn = cJSON_IsString(name) ? name->valuestring : "?";
	const cJSON *b = newest_backup(stanza, type);
	const cJSON *label, *error;
	long long age;

	if (!cJSON_IsNumber(code) || code->valueint != 0)
		sbuf_addf(fail, "%sstanza %s: status %d (%s)", fail->len ? "; " : "", sn,
			  cJSON_IsNumber(code) ? code->valueint : -1, cJSON_IsString(msg) ? msg->valuestring : "?");
	if (!b) {
		sbuf_addf(fail, "%sstanza %s: no %s backup", fail->len ? "; " : "", sn, type_name(type));
		return;
	}
	label = cJSON_GetObjectItemCaseSensitive(b, "label");
	error = cJSON_GetObjectItemCaseSensitive(b, "error");
	age = now - (long long)cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(b, "timestamp"),
								 "stop")->valuedouble;
	sbuf_addf(seen, "%sstanza %s: newest %s backup %s finished %lldh%02lldm ago", seen->len ? "; " : "", sn,
		  type_name(type), cJSON_IsString(label) ? label->valuestring : "?", age / 3600, age % 3600 / 60);
	if (cJSON_IsTrue(error))
		sbuf_addf(fail, "%sstanza %s: backup %s finished with errors", fail->len ? "; " : "", sn,
			  cJSON_IsString(label) ? label->valuestring : "?");
	if (age > max_age)
		sbuf_addf(fail, "%sstanza %s: newest %s backup is %lldh%02lldm old (at most %lldh%02lldm allowed)",
			  fail->len ? "; " : "", sn, type_name(type), age / 3600, age % 3600 / 60, max_age / 3600,
			  max_age % 3600 / 60);
}

void sg_builtin_pgbackrest(const sg_builtin_args *args, sg_check_result *out)
{
	const char *file = sg_builtin_arg(args, "file"), *type = sg_builtin_arg(args, "type");
	const char *age_text = sg_builtin_arg(args, "max_age");
	long long max_age = age_text ? sg_parse_age_seconds(age_text) : -1;
	sbuf fail = SBUF_INIT, seen = SBUF_INIT, why = SBUF_INIT;
	const cJSON *stanza;
	cJSON *root = NULL;
	char *data = NULL;
	size_t len;

	if (!file || !*file) {
		sg_check_result_set(out, SG_CHECK_NOT_APPLICABLE, NULL, "no pgBackRest evidence file given");
		return;
	}
	if (!type || (strcmp(type, "full") && strcmp(type, "diff") && strcmp(type, "incr") && strcmp(type, "any")))
		sbuf_addf(&why, "'type' must be full, diff, incr or any");
	else if (max_age < 0)
		sbuf_addf(&why, "'max_age' must be a duration such as 26h or 8d");
	else if (sg_read_file(file, MAX_EVIDENCE_BYTES, &data, &len) < 0)
		sbuf_addf(&why, "cannot read the pgBackRest evidence '%s': %s", file, sg_error_last());
	else if (!(root = cJSON_ParseWithLength(data, len)) || !cJSON_IsArray(root))
		sbuf_addf(&why, "'%s' is not the output of 'pgbackrest info --output=json' (a JSON array of stanzas)",
			  file);
	else if (!cJSON_GetArraySize(root))
		sbuf_addf(&fail, "no stanza in '%s'", file);
	if (!why.len) {
		cJSON_ArrayForEach(stanza, root)
			judge_stanza(stanza, type, max_age, args->now, &fail, &seen);
		sg_check_result_set(out, fail.len ? SG_CHECK_FAIL : SG_CHECK_PASS, fail.len ? fail.buf : seen.buf, NULL);
	} else {
		sg_check_result_set(out, SG_CHECK_UNVERIFIABLE, NULL, why.buf);
	}
	cJSON_Delete(root);
	free(data);
	sbuf_release(&fail);
	sbuf_release(&seen);
	sbuf_release(&why);
}
