/*
 * The release stage of `schemagate gate --apply` (see stage.h): the
 * migrations of the checked-out head go to the database as one release,
 * rolled back as a whole when a migration or the verification fails.
 */
#include "gate/cmd.h"
#include "gate/stage.h"
#include "core/error.h"
#include "migrate/apply.h"
#include "migrate/migration.h"
#include "migrate/tree.h"

#include <stdlib.h>
#include <string.h>

static int read_head(const sg_diff_request *diff, const sg_config *cfg, sg_tree *t,
		     sg_migration_set *set)
{
	enum sg_migration_format format = SG_FMT_AUTO;
	const char *named = diff->format ? diff->format : cfg->migrations_format;
	char *path = NULL, *shown = NULL;
	int rc = 0;

	if (named && sg_migration_format_parse(named, &format) < 0)
		rc = sg_error_set(SG_EINVALID, "unknown migration format '%s'", named);
	if (rc == 0)
		rc = sg_diff_migration_dir(diff, cfg, &path, &shown);
	if (rc == 0)
		rc = sg_tree_from_disk(t, path, shown);
	if (rc == 0)
		rc = sg_migration_set_read(set, t, format);
	free(path);
	free(shown);
	return rc;
}

int sg_stage_apply(const sg_apply_request *rq, const sg_diff_request *diff, const sg_config *cfg,
		   sg_report *r, int *exit_code)
{
	sg_apply_options o = {
		.conninfo = rq->db,
		.schema = cfg->migrate_history_schema,
		.lock_wait_ms = (int)cfg->migrate_lock_wait_ms,
		.lock_timeout_ms = (int)cfg->migrate_lock_timeout_ms,
		.statement_timeout_ms = (int)cfg->migrate_statement_timeout_ms,
		.lock_retries = cfg->migrate_retries,
		.rollback_on_failure = true,
		.verify_sql = rq->verify_sql,
		.verify_cmd = rq->verify_cmd,
		.quiet = rq->quiet,
	};
	enum sg_apply_outcome outcome = SG_APPLY_DONE;
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t = SG_TREE_INIT;
	int rc;

	if (!rq->db || !strcmp(rq->db, "auto"))
		return sg_die_usage("--apply needs --db URL: the database to release to");
	rc = read_head(diff, cfg, &t, &set);
	if (rc == 0)
		rc = sg_apply_up(&o, &set, &t, r, &outcome);
	sg_migration_set_release(&set);
	sg_tree_release(&t);
	if (rc < 0)
		return sg_die_usage("apply stage: %s", sg_error_last());
	*exit_code = (int)outcome;
	return 0;
}
