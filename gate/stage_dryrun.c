/*
 * The dry-run stage (see stage.h): where `schemagate dry-run` and the
 * gate run migrations, and the one place that starts the throwaway
 * server and merges lint with what the engine showed.
 */
#include "gate/cmd.h"
#include "gate/stage.h"
#include "checks/lint.h"
#include "core/error.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "migrate/devdb.h"
#include "migrate/dryrun.h"
#include "migrate/source.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sg_stage_dryrun {
	sg_report *r;
	const char *const *setup; /* borrowed from the request */
	int nr_setup;
	sg_devdb *devdb; /* NULL on staging */
	sg_dryrun *run;
	bool verbose;
};

static int start_target(sg_stage_dryrun *s, const char *db, bool quiet, const char **conninfo)
{
	if (strcmp(db, "auto")) {
		*conninfo = db;
		s->r->dryrun_database = sg_redact_conninfo(db);
		return 0;
	}
	if (sg_devdb_start(&s->devdb) < 0)
		return sg_die_usage("cannot start a throwaway PostgreSQL for --db auto: %s",
				    sg_error_last());
	*conninfo = sg_devdb_conninfo(s->devdb);
	s->r->dryrun_database = xstrdup("auto");
	s->r->dryrun_start_seconds = sg_devdb_start_seconds(s->devdb);
	if (!quiet)
		fprintf(stderr, "schemagate: started a throwaway PostgreSQL in %.2f s\n",
			s->r->dryrun_start_seconds);
	return 0;
}

int sg_stage_dryrun_setup(sg_stage_dryrun *s)
{
	int i;

	for (i = 0; i < s->nr_setup; i++) {
		char *data = NULL;
		size_t len = 0;
		int rc;

		if (sg_read_file(s->setup[i], SG_MAX_FILE_BYTES, &data, &len) < 0)
			return sg_die_usage("--setup: %s", sg_error_last());
		rc = sg_dryrun_setup(s->run, s->setup[i], data, len);
		free(data);
		if (rc < 0)
			return sg_die_usage("%s", sg_error_last());
	}
	return 0;
}

int sg_stage_dryrun_start(sg_stage_dryrun **out, const sg_dryrun_request *rq, const sg_config *cfg,
			  sg_report *r)
{
	sg_stage_dryrun *s = xcalloc(1, sizeof(*s));
	const char *db = rq->db ? rq->db : cfg->dryrun_db ? cfg->dryrun_db : "auto";
	sg_dryrun_options o = {
		.lock_timeout_ms = (int)cfg->dryrun_lock_timeout_ms,
		.statement_timeout_ms = (int)cfg->dryrun_statement_timeout_ms,
		.budget_seconds = (double)cfg->dryrun_budget_ms / 1000.0,
	};
	int rc;

	*out = s;
	s->r = r;
	s->setup = rq->setup;
	s->nr_setup = rq->nr_setup;
	s->verbose = rq->verbose;
	if (!*db)
		return sg_die_usage("--db needs a database URL, or auto for a throwaway server");
	if ((rc = start_target(s, db, rq->quiet, &o.conninfo)) != 0)
		return rc;
	o.staging = s->devdb == NULL;
	if (sg_dryrun_open(&s->run, &o, r) < 0)
		return sg_die_usage("%s", sg_error_last());
	return 0;
}

bool sg_stage_dryrun_is_throwaway(const sg_stage_dryrun *s)
{
	return s->devdb != NULL;
}

int sg_stage_dryrun_base(sg_stage_dryrun *s, const char *path, const char *data, size_t len)
{
	return sg_dryrun_setup(s->run, path, data, len);
}

int sg_stage_dryrun_file(sg_stage_dryrun *s, const char *path, const sg_lint_input *in,
			 bool runner_wraps, const sg_dryrun_part *down_part)
{
	sg_lint_input *down_in = NULL;
	sg_dryrun_down down = { NULL, NULL, false }, *with = NULL;
	size_t down_from;
	bool no_tx;
	int rc;

	if (down_part) {
		sg_lint_prepare(&down_in, down_part->data, down_part->len);
		down = (sg_dryrun_down){ down_part->path, down_in, false };
		with = &down;
	} else if (sg_lint_input_dbmate(in, &no_tx, &down_from) && down_from != SIZE_MAX) {
		down = (sg_dryrun_down){ path, in, true };
		with = &down;
	}
	rc = sg_dryrun_migration(s->run, path, in, runner_wraps, with);
	sg_lint_input_free(down_in);
	return rc;
}

static void merge_verdict(sg_report *r, bool verbose)
{
	char **lines = NULL;
	size_t nr = 0, i;

	sg_dryrun_merge(r, verbose ? &lines : NULL, &nr);
	for (i = 0; i < nr; i++) {
		fprintf(stderr, "schemagate: %s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
}

int sg_stage_dryrun_finish(sg_stage_dryrun *s)
{
	int rc = 0;

	if (!s)
		return 0;
	if (sg_dryrun_close(s->run) < 0)
		rc = sg_die_usage("could not put the staging database back as it was: %s",
				  sg_error_last());
	sg_devdb_stop(s->devdb);
	if (rc == 0)
		merge_verdict(s->r, s->verbose);
	free(s);
	return rc;
}
