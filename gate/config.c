/*
 * .schemagate.yaml, read with libyaml's event parser. The file is small
 * and its shape is fixed, so it is walked directly as a little state
 * machine over events: a mapping of known keys, each checked for its type.
 * Every problem names the file, line and column, because a config mistake
 * found in CI is otherwise very hard to place.
 *
 *   engine: postgres            # postgres | mysql | mariadb
 *   server_version: 15          # 13 .. 17, or "14.2"
 *   assume_in_transaction: true # the runner wraps each file in a transaction
 *   migrations:
 *     dir: db/migrations        # relative to this file's folder
 *     format: auto              # golang-migrate | diesel | flyway | dbmate | sqitch | plain
 *   base: origin/main           # what `diff` compares with when --base is not given
 *   rules:
 *     disable: [prefer-text-field]
 *     severity:
 *       require-lock-timeout: error
 */
#include "gate/config.h"
#include "gate/cmd.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/migration.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

void sg_config_init(sg_config *cfg)
{
	size_t nr;

	memset(cfg, 0, sizeof(*cfg));
	sg_rules_all(&nr);
	cfg->engine = xstrdup("postgres");
	cfg->server_version = 150000;
	cfg->dryrun_lock_timeout_ms = 2000;
	cfg->dryrun_statement_timeout_ms = 60000;
	cfg->dryrun_budget_ms = 600000;
	cfg->migrate_lock_wait_ms = 60000;
	cfg->migrate_lock_timeout_ms = 2000;
	cfg->migrate_retries = 3;
	cfg->policy_timeout_ms = 10000;
	cfg->rule_disabled = xcalloc(nr, sizeof(bool));
	cfg->rule_severity = xmalloc(nr * sizeof(int));
	while (nr--)
		cfg->rule_severity[nr] = -1;
}

static void free_strings(char **v, size_t n)
{
	while (n--)
		free(v[n]);
	free(v);
}

void sg_config_release(sg_config *cfg)
{
	free(cfg->path);
	free(cfg->engine);
	free(cfg->rule_disabled);
	free(cfg->rule_severity);
	free(cfg->migrations_dir);
	free(cfg->migrations_format);
	free(cfg->base);
	free(cfg->dryrun_db);
	free(cfg->migrate_history_schema);
	free(cfg->policy_db);
	free(cfg->policy_waivers);
	free_strings(cfg->policy_packs, cfg->nr_policy_packs);
	free_strings(cfg->policy_param_names, cfg->nr_policy_params);
	free_strings(cfg->policy_param_values, cfg->nr_policy_params);
	free_strings(cfg->policy_param_origins, cfg->nr_policy_params);
	memset(cfg, 0, sizeof(*cfg));
}

char *sg_config_resolve(const sg_config *cfg, const char *path)
{
	const char *slash = cfg->path ? strrchr(cfg->path, '/') : NULL;
	sbuf s = SBUF_INIT;

	if (path[0] != '/' && slash)
		sbuf_add(&s, cfg->path, (size_t)(slash - cfg->path) + 1);
	sbuf_adds(&s, path);
	return sbuf_detach(&s);
}

char *sg_config_migrations_dir(const sg_config *cfg)
{
	return cfg->migrations_dir ? sg_config_resolve(cfg, cfg->migrations_dir) : NULL;
}

int sg_parse_server_version(const char *s)
{
	char *end;
	long major, minor = 0;

	errno = 0;
	major = strtol(s, &end, 10);
	if (end == s || errno)
		return -1;
	if (*end == '.') {
		const char *m = end + 1;
		minor = strtol(m, &end, 10);
		if (end == m || minor < 0 || minor > 99)
			return -1;
	}
	if (*end)
		return -1;
	if (major >= 90000 && major < 1000000 && minor == 0)
		return (int)major;
	if (major == 9)
		return 90000 + (int)minor * 100;
	if (major >= 10 && major <= 99)
		return (int)major * 10000 + (int)minor;
	return -1;
}

struct yreader {
	yaml_parser_t parser;
	yaml_event_t ev;
	const char *path;
	int rc;
};

static int fail_at(struct yreader *y, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(struct yreader *y, const yaml_mark_t *m, const char *fmt, ...)
{
	sbuf msg = SBUF_INIT;
	va_list ap;

	sbuf_addf(&msg, "%s:%zu:%zu: ", y->path, m->line + 1, m->column + 1);
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sg_error_set(SG_EINVALID, "%s", msg.buf);
	sbuf_release(&msg);
	return y->rc = SG_EINVALID;
}

/* Read the next event into y->ev (the previous one is freed). */
static int next(struct yreader *y)
{
	yaml_event_delete(&y->ev);
	if (!yaml_parser_parse(&y->parser, &y->ev)) {
		yaml_mark_t m = y->parser.problem_mark;
		memset(&y->ev, 0, sizeof(y->ev));
		return fail_at(y, &m, "invalid YAML: %s", y->parser.problem ? y->parser.problem : "?");
	}
	return 0;
}

static const char *scalar(const struct yreader *y)
{
	return (const char *)y->ev.data.scalar.value;
}

static int expect_scalar(struct yreader *y, const char *key)
{
	if (next(y) < 0)
		return -1;
	if (y->ev.type != YAML_SCALAR_EVENT)
		return fail_at(y, &y->ev.start_mark, "'%s' must be a single value", key);
	return 0;
}

static int parse_bool(struct yreader *y, const char *key, bool *out)
{
	const char *v;

	if (expect_scalar(y, key) < 0)
		return -1;
	v = scalar(y);
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off"))
		*out = false;
	else
		return fail_at(y, &y->ev.start_mark, "'%s' must be true or false, not '%s'", key, v);
	return 0;
}

static int rule_index(struct yreader *y, const char *id, size_t *out)
{
	size_t nr, i;
	const sg_rule *const *rules = sg_rules_all(&nr);

	for (i = 0; i < nr; i++) {
		if (!strcmp(rules[i]->id, id)) {
			*out = i;
			return 0;
		}
	}
	return fail_at(y, &y->ev.start_mark,
		       "unknown rule '%s'; `schemagate rules` lists the rule ids", id);
}

static int parse_disable(struct yreader *y, sg_config *cfg)
{
	size_t i;

	if (next(y) < 0)
		return -1;
	if (y->ev.type == YAML_SCALAR_EVENT) {
		if (rule_index(y, scalar(y), &i) < 0)
			return -1;
		cfg->rule_disabled[i] = true;
		return 0;
	}
	if (y->ev.type != YAML_SEQUENCE_START_EVENT)
		return fail_at(y, &y->ev.start_mark, "'rules.disable' must be a list of rule ids");
	for (;;) {
		if (next(y) < 0)
			return -1;
		if (y->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (y->ev.type != YAML_SCALAR_EVENT)
			return fail_at(y, &y->ev.start_mark, "'rules.disable' must list rule ids");
		if (rule_index(y, scalar(y), &i) < 0)
			return -1;
		cfg->rule_disabled[i] = true;
	}
}

typedef int (*key_fn)(struct yreader *y, sg_config *cfg, const char *key);

/*
 * The entries of a mapping whose start was just read: `fn` is called with
 * the key's event current, and reads the value itself.
 */
static int each_key(struct yreader *y, sg_config *cfg, key_fn fn)
{
	for (;;) {
		char key[128];

		if (next(y) < 0)
			return -1;
		if (y->ev.type == YAML_MAPPING_END_EVENT)
			return 0;
		if (y->ev.type != YAML_SCALAR_EVENT)
			return fail_at(y, &y->ev.start_mark, "expected a key");
		snprintf(key, sizeof(key), "%s", scalar(y));
		if (fn(y, cfg, key) < 0)
			return -1;
	}
}

/* The next value is a mapping whose entries `fn` reads; `mistake` when it is not. */
static int parse_mapping(struct yreader *y, sg_config *cfg, const char *mistake, key_fn fn)
{
	if (next(y) < 0)
		return -1;
	if (y->ev.type != YAML_MAPPING_START_EVENT)
		return fail_at(y, &y->ev.start_mark, "%s", mistake);
	return each_key(y, cfg, fn);
}

static int severity_key(struct yreader *y, sg_config *cfg, const char *rule)
{
	size_t i;
	enum sg_severity sev;

	if (rule_index(y, rule, &i) < 0 || expect_scalar(y, "rules.severity") < 0)
		return -1;
	if (sg_severity_parse(&sev, scalar(y)) < 0)
		return fail_at(y, &y->ev.start_mark, "severity must be error, warning or info, not '%s'",
			       scalar(y));
	cfg->rule_severity[i] = (int)sev;
	return 0;
}

static int rules_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "disable"))
		return parse_disable(y, cfg);
	if (strcmp(key, "severity"))
		return fail_at(y, &y->ev.start_mark,
			       "unknown key 'rules.%s' (known: disable, severity)", key);
	return parse_mapping(y, cfg, "'rules.severity' must map rule ids to error, warning or info",
			     severity_key);
}

static int parse_string(struct yreader *y, const char *key, char **out)
{
	if (expect_scalar(y, key) < 0)
		return -1;
	if (!*scalar(y))
		return fail_at(y, &y->ev.start_mark, "'%s' must not be empty", key);
	free(*out);
	*out = xstrdup(scalar(y));
	return 0;
}

static int migrations_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "dir"))
		return parse_string(y, "migrations.dir", &cfg->migrations_dir);
	if (strcmp(key, "format"))
		return fail_at(y, &y->ev.start_mark,
			       "unknown key 'migrations.%s' (known: dir, format)", key);
	if (parse_string(y, "migrations.format", &cfg->migrations_format) < 0)
		return -1;
	if (!sg_migration_format_known(cfg->migrations_format))
		return fail_at(y, &y->ev.start_mark,
			       "migrations.format must be one of %s, not '%s'",
			       SG_MIGRATION_FORMATS, cfg->migrations_format);
	return 0;
}

long sg_parse_duration_ms(const char *s)
{
	static const struct {
		const char *unit;
		long ms;
	} units[] = { { "", 1 }, { "ms", 1 }, { "s", 1000 }, { "min", 60000 }, { "h", 3600000 } };
	char *end;
	double v;
	size_t i;

	if (!s || !*s || *s == '-' || *s == '+' || (*s < '0' || *s > '9'))
		return -1;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit))
			return v * (double)units[i].ms < 2147483647.0 ? (long)(v * (double)units[i].ms) : -1;
	return -1;
}

static int parse_duration(struct yreader *y, const char *key, long *out)
{
	if (expect_scalar(y, key) < 0)
		return -1;
	*out = sg_parse_duration_ms(scalar(y));
	if (*out < 0)
		return fail_at(y, &y->ev.start_mark,
			       "'%s' must be a duration like 500ms, 5s or 2min, not '%s'", key,
			       scalar(y));
	return 0;
}

static int dry_run_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "db"))
		return parse_string(y, "dry_run.db", &cfg->dryrun_db);
	if (!strcmp(key, "lock_timeout"))
		return parse_duration(y, "dry_run.lock_timeout", &cfg->dryrun_lock_timeout_ms);
	if (!strcmp(key, "statement_timeout"))
		return parse_duration(y, "dry_run.statement_timeout",
				      &cfg->dryrun_statement_timeout_ms);
	if (!strcmp(key, "budget"))
		return parse_duration(y, "dry_run.budget", &cfg->dryrun_budget_ms);
	return fail_at(y, &y->ev.start_mark,
		       "unknown key 'dry_run.%s' (known: db, lock_timeout, statement_timeout, budget)",
		       key);
}

static int migrate_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "history_schema"))
		return parse_string(y, "migrate.history_schema", &cfg->migrate_history_schema);
	if (!strcmp(key, "lock_wait"))
		return parse_duration(y, "migrate.lock_wait", &cfg->migrate_lock_wait_ms);
	if (!strcmp(key, "lock_timeout"))
		return parse_duration(y, "migrate.lock_timeout", &cfg->migrate_lock_timeout_ms);
	if (!strcmp(key, "statement_timeout"))
		return parse_duration(y, "migrate.statement_timeout", &cfg->migrate_statement_timeout_ms);
	if (!strcmp(key, "retries")) {
		char *end;
		long v;
		if (expect_scalar(y, "migrate.retries") < 0)
			return -1;
		v = strtol(scalar(y), &end, 10);
		if (*end || end == scalar(y) || v < 0 || v > 100)
			return fail_at(y, &y->ev.start_mark,
				       "'migrate.retries' must be a number from 0 to 100, not '%s'",
				       scalar(y));
		cfg->migrate_retries = (int)v;
		return 0;
	}
	return fail_at(y, &y->ev.start_mark,
		       "unknown key 'migrate.%s' (known: history_schema, lock_wait, lock_timeout, "
		       "statement_timeout, retries)",
		       key);
}

/* A scalar, or a sequence of scalars joined by commas (a list parameter). */
static int parse_list(struct yreader *y, const char *key, sbuf *out)
{
	if (next(y) < 0)
		return -1;
	if (y->ev.type == YAML_SCALAR_EVENT) {
		sbuf_adds(out, scalar(y));
		return 0;
	}
	if (y->ev.type != YAML_SEQUENCE_START_EVENT)
		return fail_at(y, &y->ev.start_mark, "'%s' must be a value or a list of values", key);
	for (;;) {
		if (next(y) < 0)
			return -1;
		if (y->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (y->ev.type != YAML_SCALAR_EVENT)
			return fail_at(y, &y->ev.start_mark, "each item of '%s' must be a single value", key);
		sbuf_addf(out, "%s%s", out->len ? "," : "", scalar(y));
	}
}

static int policy_param_key(struct yreader *y, sg_config *cfg, const char *key)
{
	sbuf value = SBUF_INIT, where = SBUF_INIT;
	size_t n = cfg->nr_policy_params;

	sbuf_addf(&where, "%s:%zu:%zu", y->path, y->ev.start_mark.line + 1, y->ev.start_mark.column + 1);
	if (parse_list(y, "policy.params", &value) < 0) {
		sbuf_release(&where);
		sbuf_release(&value);
		return -1;
	}
	cfg->policy_param_names = xrealloc(cfg->policy_param_names, (n + 1) * sizeof(char *));
	cfg->policy_param_values = xrealloc(cfg->policy_param_values, (n + 1) * sizeof(char *));
	cfg->policy_param_origins = xrealloc(cfg->policy_param_origins, (n + 1) * sizeof(char *));
	cfg->policy_param_origins[n] = sbuf_detach(&where);
	cfg->policy_param_names[n] = xstrdup(key);
	cfg->policy_param_values[n] = xstrdup(value.len ? value.buf : "");
	cfg->nr_policy_params++;
	sbuf_release(&value);
	return 0;
}

static int parse_policy_packs(struct yreader *y, sg_config *cfg)
{
	sbuf list = SBUF_INIT;
	char *s, *comma;

	if (parse_list(y, "policy.packs", &list) < 0) {
		sbuf_release(&list);
		return -1;
	}
	for (s = list.buf; s && *s; s = comma ? comma + 1 : NULL) {
		comma = strchr(s, ',');
		if (comma)
			*comma = '\0';
		cfg->policy_packs = xrealloc(cfg->policy_packs, (cfg->nr_policy_packs + 1) * sizeof(char *));
		cfg->policy_packs[cfg->nr_policy_packs++] = xstrdup(s);
	}
	sbuf_release(&list);
	return 0;
}

static int policy_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "db"))
		return parse_string(y, "policy.db", &cfg->policy_db);
	if (!strcmp(key, "packs"))
		return parse_policy_packs(y, cfg);
	if (!strcmp(key, "waivers"))
		return parse_string(y, "policy.waivers", &cfg->policy_waivers);
	if (!strcmp(key, "timeout"))
		return parse_duration(y, "policy.timeout", &cfg->policy_timeout_ms);
	if (!strcmp(key, "params"))
		return parse_mapping(y, cfg, "'policy.params' must map parameter names to values",
				     policy_param_key);
	return fail_at(y, &y->ev.start_mark,
		       "unknown key 'policy.%s' (known: db, packs, waivers, params, timeout)", key);
}

static int parse_top_key(struct yreader *y, sg_config *cfg, const char *key)
{
	if (!strcmp(key, "engine")) {
		const char *v;
		if (expect_scalar(y, key) < 0)
			return -1;
		v = scalar(y);
		if (strcmp(v, "postgres") && strcmp(v, "postgresql") && strcmp(v, "mysql") &&
		    strcmp(v, "mariadb"))
			return fail_at(y, &y->ev.start_mark,
				       "engine must be postgres, mysql or mariadb, not '%s'", v);
		free(cfg->engine);
		cfg->engine = xstrdup(!strcmp(v, "postgresql") ? "postgres" : v);
		return 0;
	}
	if (!strcmp(key, "server_version")) {
		int v;
		if (expect_scalar(y, key) < 0)
			return -1;
		v = sg_parse_server_version(scalar(y));
		if (v < 0)
			return fail_at(y, &y->ev.start_mark,
				       "server_version must look like 15 or 14.2, not '%s'", scalar(y));
		cfg->server_version = v;
		return 0;
	}
	if (!strcmp(key, "assume_in_transaction"))
		return parse_bool(y, key, &cfg->assume_in_transaction);
	if (!strcmp(key, "rules"))
		return parse_mapping(y, cfg, "'rules' must be a mapping (disable, severity)", rules_key);
	if (!strcmp(key, "migrations"))
		return parse_mapping(y, cfg, "'migrations' must be a mapping (dir, format)", migrations_key);
	if (!strcmp(key, "base"))
		return parse_string(y, key, &cfg->base);
	if (!strcmp(key, "dry_run"))
		return parse_mapping(y, cfg,
				     "'dry_run' must be a mapping (db, lock_timeout, statement_timeout, budget)",
				     dry_run_key);
	if (!strcmp(key, "migrate"))
		return parse_mapping(y, cfg,
				     "'migrate' must be a mapping (history_schema, lock_wait, lock_timeout, "
				     "statement_timeout, retries)",
				     migrate_key);
	if (!strcmp(key, "policy"))
		return parse_mapping(y, cfg, "'policy' must be a mapping (db, packs, waivers, params, timeout)",
				     policy_key);
	return fail_at(y, &y->ev.start_mark,
		       "unknown key '%s' (known: engine, server_version, assume_in_transaction, "
		       "migrations, base, rules, dry_run, migrate, policy)",
		       key);
}

static int parse_document(struct yreader *y, sg_config *cfg)
{
	do {
		if (next(y) < 0)
			return -1;
	} while (y->ev.type == YAML_STREAM_START_EVENT || y->ev.type == YAML_DOCUMENT_START_EVENT);
	if (y->ev.type == YAML_STREAM_END_EVENT || y->ev.type == YAML_DOCUMENT_END_EVENT)
		return 0; /* an empty file configures nothing */
	if (y->ev.type != YAML_MAPPING_START_EVENT)
		return fail_at(y, &y->ev.start_mark, "the configuration must be a mapping of keys");
	return each_key(y, cfg, parse_top_key);
}

/* .schemagate.yaml in the current directory or a parent, up to the repository root. */
static char *find_config(void)
{
	sbuf dir = SBUF_INIT;
	char cwd[4096];
	struct stat st;

	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	sbuf_adds(&dir, cwd);
	for (;;) {
		size_t len = dir.len;
		char *slash;

		sbuf_adds(&dir, "/.schemagate.yaml");
		if (stat(dir.buf, &st) == 0)
			return sbuf_detach(&dir);
		dir.len = len;
		sbuf_adds(&dir, "/.git");
		if (stat(dir.buf, &st) == 0 || len <= 1)
			break;
		dir.len = len;
		dir.buf[len] = '\0';
		slash = strrchr(dir.buf, '/');
		if (!slash)
			break;
		dir.len = (size_t)(slash - dir.buf);
		if (dir.len == 0)
			dir.len = 1;
		dir.buf[dir.len] = '\0';
	}
	sbuf_release(&dir);
	return NULL;
}

int sg_config_load(sg_config *cfg, const char *path)
{
	struct yreader y;
	FILE *f;
	char *found = NULL;

	if (!path) {
		found = find_config();
		if (!found)
			return 0;
		path = found;
	}
	f = fopen(path, "rb");
	if (!f) {
		int rc = sg_error_set(SG_EINVALID, "cannot read config '%s': %s", path, strerror(errno));
		free(found);
		return rc;
	}
	memset(&y, 0, sizeof(y));
	y.path = path;
	yaml_parser_initialize(&y.parser);
	yaml_parser_set_input_file(&y.parser, f);
	parse_document(&y, cfg);
	yaml_event_delete(&y.ev);
	yaml_parser_delete(&y.parser);
	fclose(f);
	if (y.rc == 0) {
		free(cfg->path);
		cfg->path = xstrdup(path);
	}
	free(found);
	return y.rc;
}

int sg_config_load_for_command(sg_config *cfg, const char *path, const char *server_version)
{
	if (sg_config_load(cfg, path) < 0)
		return sg_die_usage("%s", sg_error_last());
	if (server_version && (cfg->server_version = sg_parse_server_version(server_version)) < 0)
		return sg_die_usage("--server-version must look like 15 or 14.2, not '%s'",
				    server_version);
	return 0;
}
