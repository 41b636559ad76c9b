#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * .schemagate.yaml: what the project configures once. Flags override it.
 * Every string is owned by the config.
 */
typedef struct sg_config {
	char *path;   /* owned: where it was read from, NULL if none */
	char *engine; /* owned: "postgres" (default), "mysql", "mariadb" */
	int server_version;
	bool assume_in_transaction;
	char *migrations_dir;    /* owned or NULL: relative to the config file's folder */
	char *migrations_format; /* owned or NULL: "auto" unless named (migrate/migration.h) */
	char *base;              /* owned or NULL: the revision changes are compared with */
	/* dry_run: where and how long (the timeouts apply to each migration on staging) */
	char *dryrun_db;                 /* owned or NULL: a libpq URL, or "auto" */
	long dryrun_lock_timeout_ms;     /* default 2 s */
	long dryrun_statement_timeout_ms; /* default 60 s */
	long dryrun_budget_ms;           /* the whole run; default 10 min; 0 = none */
	/* migrate: how releases are applied */
	char *migrate_history_schema;     /* owned or NULL: public */
	long migrate_lock_wait_ms;        /* for the advisory lock; default 60 s */
	long migrate_lock_timeout_ms;     /* default 2 s */
	long migrate_statement_timeout_ms; /* default 0: none */
	int migrate_retries;              /* after lock_timeout; default 3 */
	/* policy: the database releases go to, and what it is checked against */
	char *policy_db;       /* owned or NULL: a URL, or $NAME for an environment variable */
	char **policy_packs;   /* owned: built-in names or files (relative to the config's folder) */
	size_t nr_policy_packs;
	char *policy_waivers;  /* owned or NULL: a file (relative to the config's folder) */
	char **policy_param_names, **policy_param_values; /* owned: lists joined by commas */
	char **policy_param_origins; /* owned: "file:line:col" of each, for messages */
	size_t nr_policy_params;
	long policy_timeout_ms; /* each check's query; default 10 s */
	bool *rule_disabled; /* owned: one per rule (sg_rules_all order) */
	int *rule_severity;  /* owned: one per rule, -1 = the rule's default */
} sg_config;

void sg_config_init(sg_config *cfg);
/*
 * Read `path`; with `path` NULL, look for .schemagate.yaml in the current
 * directory and its parents up to the repository root, and do nothing when
 * there is none. Returns 0, or SG_EINVALID with a "file:line:col: ..."
 * message for anything wrong in the file.
 */
int sg_config_load(sg_config *cfg, const char *path);
void sg_config_release(sg_config *cfg);
/*
 * What every command does first: load the config (`path`, or the one found
 * upward) and apply --server-version when given. Returns 0, or the exit
 * code 2 with the message printed.
 */
int sg_config_load_for_command(sg_config *cfg, const char *path, const char *server_version);
/* migrations.dir resolved against the config file's folder (owned), or NULL when not set. */
char *sg_config_migrations_dir(const sg_config *cfg);
/* A path written in the config, resolved against the config file's folder (owned). */
char *sg_config_resolve(const sg_config *cfg, const char *path);

/* "500ms", "5s", "2min", "1h"; a bare number is milliseconds, as in PostgreSQL. -1 when not a duration. */
long sg_parse_duration_ms(const char *s);

/* "15", "14.2", "9.6" or 150002 -> PG_VERSION_NUM; -1 when not a version. */
int sg_parse_server_version(const char *s);

#endif
