/*
 * Running a policy: each check in the order the packs give them, on the
 * server or in each of its databases, judged, waived or not, and turned
 * into findings. What could not be seen is reported as such: a check that
 * did not run is never counted as a pass.
 */
#include "policies/policy.h"
#include "policies/builtin.h"
#include "policies/expect.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_EVIDENCE_CHARS 240

struct run {
	const sg_policy_packs *p;
	const sg_waivers *w;
	sg_dbconn *main;
	unsigned engine;
	int version;
	long long now;
	long today;
	sg_report *r;
	char *lost; /* owned: why a connection went away (the run cannot go on), or NULL */
	enum sg_check_status *status; /* one per check */
	/* each_database: the databases and their connections, opened once */
	sg_table *databases;
	sg_dbconn **conns;
	char **conn_errors;
};

int sg_policy_version(const char *text, unsigned engine, bool upper)
{
	long part[3] = { 0, 0, 0 };
	int n = 0;
	const char *s = text;

	while (n < 3 && *s) {
		part[n++] = strtol(s, (char **)&s, 10);
		if (*s == '.')
			s++;
	}
	if (upper)
		for (; n < 3; n++)
			part[n] = 99;
	/* PostgreSQL 10 and later number releases major.minor: 150004 is 15.4 */
	if (engine == SG_ENGINE_PG && part[0] >= 10)
		return (int)(part[0] * 10000 + (upper && part[1] == 99 ? 9999 : part[1]));
	return (int)(part[0] * 10000 + part[1] * 100 + part[2]);
}

static bool applies(const struct run *run, const sg_check *c)
{
	if (!(c->engines & run->engine))
		return false;
	if (c->min_version && run->version < sg_policy_version(c->min_version, run->engine, false))
		return false;
	if (c->max_version && run->version > sg_policy_version(c->max_version, run->engine, true))
		return false;
	return true;
}

static enum sg_check_status status_of(const struct run *run, const char *id)
{
	size_t i;

	for (i = 0; i < run->p->nr_checks; i++)
		if (!strcmp(run->p->checks[i].id, id))
			return run->status[i];
	return SG_CHECK_NOT_APPLICABLE;
}

/* ---- running one check ---- */

static void query_on(struct run *run, const sg_check *c, sg_dbconn *conn, const char *database,
		     sg_check_result *out)
{
	bool mysql = run->engine != SG_ENGINE_PG;
	sg_db_error err = { 0 };
	sg_table *t = NULL;
	char *sql = NULL;
	sbuf why = SBUF_INIT;

	sg_packs_expand_sql(run->p, c, mysql, &sql); /* cannot fail: sg_packs_validate passed */
	if (sg_dbconn_query(conn, sql, &t, &err) < 0) {
		sbuf_addf(&why, "%s%s%s", database ? database : "", database ? ": " : "", sg_error_last());
		sg_check_result_set(out, SG_CHECK_UNVERIFIABLE, NULL, why.buf);
		if (!sg_dbconn_alive(conn) && !run->lost)
			run->lost = xstrdup(why.buf);
	} else {
		sg_expect_judge(run->p, c, t, database, out);
	}
	sbuf_release(&why);
	sg_table_free(t);
	free(sql);
}

static int list_databases(struct run *run)
{
	sg_db_error err = { 0 };
	size_t n;

	if (run->databases)
		return 0;
	if (sg_dbconn_query(run->main, "SELECT datname FROM pg_catalog.pg_database "
				       "WHERE datallowconn AND NOT datistemplate ORDER BY datname",
			    &run->databases, &err) < 0)
		return -1;
	n = run->databases->rows;
	run->conns = xcalloc(n + 1, sizeof(*run->conns));
	run->conn_errors = xcalloc(n + 1, sizeof(*run->conn_errors));
	return 0;
}

/* The connection to database `i`, opened on first use; NULL (and why) when it cannot be. */
static sg_dbconn *database_conn(struct run *run, size_t i, const char **why)
{
	const char *name = sg_table_cell(run->databases, i, 0);

	*why = NULL;
	if (!strcmp(name, sg_dbconn_database(run->main)))
		return run->main;
	if (!run->conns[i] && !run->conn_errors[i] && sg_dbconn_open_database(&run->conns[i], run->main, name) < 0)
		run->conn_errors[i] = xstrdup(sg_error_last());
	*why = run->conn_errors[i];
	return run->conns[i];
}

/* Worst first: a failure in one database fails the check; then what could not be seen. */
static void merge_result(sg_check_result *all, sg_check_result *one, sbuf *evidence, sbuf *reasons)
{
	if (one->evidence)
		sbuf_addf(evidence, "%s%s", evidence->len ? "; " : "", one->evidence);
	if (one->reason)
		sbuf_addf(reasons, "%s%s", reasons->len ? "; " : "", one->reason);
	if (one->status == SG_CHECK_FAIL || (one->status == SG_CHECK_UNVERIFIABLE && all->status == SG_CHECK_PASS))
		all->status = one->status;
	sg_check_result_release(one);
}

static void query_each_database(struct run *run, const sg_check *c, sg_check_result *out)
{
	sbuf evidence = SBUF_INIT, reasons = SBUF_INIT;
	size_t i;

	if (list_databases(run) < 0) {
		sg_check_result_set(out, SG_CHECK_UNVERIFIABLE, NULL, sg_error_last());
		return;
	}
	out->status = SG_CHECK_PASS;
	for (i = 0; i < run->databases->rows; i++) {
		const char *name = sg_table_cell(run->databases, i, 0), *why;
		sg_dbconn *conn = database_conn(run, i, &why);
		sg_check_result one = { 0 };

		if (conn)
			query_on(run, c, conn, name, &one);
		else
			sg_check_result_set(&one, SG_CHECK_UNVERIFIABLE, NULL, why);
		merge_result(out, &one, &evidence, &reasons);
	}
	out->evidence = evidence.len ? sbuf_detach(&evidence) : NULL;
	out->reason = reasons.len ? sbuf_detach(&reasons) : NULL;
	sbuf_release(&evidence);
	sbuf_release(&reasons);
}

static void run_builtin(struct run *run, const sg_check *c, sg_check_result *out)
{
	const sg_builtin *b = sg_builtin_find(c->builtin);
	sg_strlist values = { 0 };
	sg_builtin_args args = { &c->with_keys, &values, run->now };
	size_t i;

	for (i = 0; i < c->with_values.n; i++) {
		sg_strlist one = { (char **)&c->with_values.v[i], 1 }, res = { 0 };
		sg_packs_expand_values(run->p, &one, &c->where, &res);
		sg_strlist_add(&values, res.n ? res.v[0] : "");
		sg_strlist_release(&res);
	}
	b->run(&args, out);
	sg_strlist_release(&values);
}

static void run_check(struct run *run, const sg_check *c, sg_check_result *out)
{
	if (c->builtin)
		run_builtin(run, c, out);
	else if (c->each_database && run->engine == SG_ENGINE_PG)
		query_each_database(run, c, out);
	else
		query_on(run, c, run->main, NULL, out);
}

/* ---- findings ---- */

static sg_finding *add_finding(sg_report *r, const sg_check *c, const char *rule, enum sg_severity sev)
{
	sg_finding *f = sg_report_add(r);

	f->rule = xstrdup(rule);
	f->severity = sev;
	f->source = SG_SRC_POLICY;
	f->file = xstrdup(c->where.file);
	f->line = f->end_line = c->where.line;
	f->column = c->where.column;
	f->end_column = c->where.column + (int)strlen(c->id);
	f->area = xstrdup(sg_area_name(c->area));
	f->help = c->remediation ? xstrdup(c->remediation) : NULL;
	return f;
}

/* At most MESSAGE_EVIDENCE_CHARS bytes of `text`, cut between UTF-8 characters. */
static void add_shortened(sbuf *b, const char *text)
{
	size_t n = MESSAGE_EVIDENCE_CHARS;

	if (strlen(text) <= n) {
		sbuf_adds(b, text);
		return;
	}
	while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	sbuf_add(b, text, n);
	sbuf_adds(b, "...");
}

static void add_waiver_note(sbuf *m, const sg_waiver *wv)
{
	sbuf_addf(m, "waived until %s (%s%s%s%s%s): ", wv->expires_text, wv->reason,
		  wv->ticket ? "; ticket " : "", wv->ticket ? wv->ticket : "", wv->approver ? "; approved by " : "",
		  wv->approver ? wv->approver : "");
}

/* An expired waiver is reported whether or not its check fails now: it is stale either way. */
static void report_expired(struct run *run, const sg_waiver *wv)
{
	sbuf m = SBUF_INIT;
	sg_finding *f = sg_report_add(run->r);

	f->rule = xstrdup("policy-waiver-expired");
	f->severity = SG_WARNING;
	f->source = SG_SRC_POLICY;
	f->file = xstrdup(wv->where.file);
	f->line = f->end_line = wv->where.line;
	f->column = wv->where.column;
	f->end_column = wv->where.column + 1;
	sbuf_addf(&m, "the waiver for '%s' expired on %s and no longer applies (%s)", wv->check, wv->expires_text,
		  wv->reason);
	f->message = sbuf_detach(&m);
	f->help = xstrdup("fix what the check reports, or renew the waiver with a new expiry date and its approval");
}

static void report_result(struct run *run, const sg_check *c, const sg_check_result *res)
{
	const sg_waiver *live = sg_waivers_find(run->w, c, run->today);
	enum sg_severity sev;
	const char *rule = c->id;
	sbuf m = SBUF_INIT;
	sg_finding *f;

	if (res->status == SG_CHECK_FAIL) {
		sev = c->severity;
		run->r->policy.failed++;
	} else {
		rule = "policy-unverifiable";
		sev = c->mandatory ? SG_ERROR_SEV : SG_WARNING;
		run->r->policy.unverifiable++;
	}
	if (live && !c->mandatory) {
		add_waiver_note(&m, live);
		sev = SG_INFO;
		run->r->policy.waived++;
	}
	if (res->status == SG_CHECK_FAIL) {
		sbuf_addf(&m, "%s: ", c->title);
		add_shortened(&m, res->evidence ? res->evidence : "failed");
	} else {
		sbuf_addf(&m, "%s cannot be verified (%s): ", c->id, c->title);
		add_shortened(&m, res->reason ? res->reason : "no answer");
		if (c->privilege)
			sbuf_addf(&m, " [needs: %s]", c->privilege);
	}
	f = add_finding(run->r, c, rule, sev);
	f->message = sbuf_detach(&m);
	f->evidence = xstrdup(res->evidence ? res->evidence : res->reason ? res->reason : "");
}

static void describe(sg_report *r, const sg_check *c)
{
	sg_report_describe_rule(r, c->id, c->title, c->rationale ? c->rationale : c->title,
				c->remediation ? c->remediation : "", c->severity);
}

static void evaluate_check(struct run *run, size_t i)
{
	const sg_check *c = &run->p->checks[i];
	sg_check_result res = { 0 };

	run->status[i] = SG_CHECK_NOT_APPLICABLE;
	if (!c->enabled)
		return;
	run->r->policy.checks++;
	if (!applies(run, c) || (c->requires && status_of(run, c->requires) != SG_CHECK_PASS)) {
		run->r->policy.not_applicable++;
		return;
	}
	run_check(run, c, &res);
	run->status[i] = res.status;
	if (res.status == SG_CHECK_PASS)
		run->r->policy.passed++;
	else if (res.status == SG_CHECK_NOT_APPLICABLE)
		run->r->policy.not_applicable++;
	else {
		describe(run->r, c);
		report_result(run, c, &res);
	}
	sg_check_result_release(&res);
}

static void release_run(struct run *run)
{
	size_t i;

	for (i = 0; run->databases && i < run->databases->rows; i++) {
		sg_dbconn_close(run->conns[i]);
		free(run->conn_errors[i]);
	}
	free(run->conns);
	free(run->conn_errors);
	sg_table_free(run->databases);
	free(run->status);
	free(run->lost);
}

static void describe_own_rules(sg_report *r)
{
	sg_report_describe_rule(r, "policy-unverifiable", "A policy check could not be run or could not see",
				"The account lacks a privilege, a setting is hidden from it, or an extension, table "
				"or function is absent: the check proves nothing, so it is reported instead of passed.",
				"grant the privilege the check names (policies/README.md lists a read-only gate "
				"account's grants), or waive the check with a reason and an expiry date",
				SG_WARNING);
	sg_report_describe_rule(r, "policy-waiver-expired", "A waiver has expired",
				"A waiver applies until its expiry date; after it the check counts again.",
				"fix what the check reports, or renew the waiver with a new expiry date", SG_WARNING);
}

int sg_policy_evaluate(const sg_policy_packs *p, const sg_waivers *w, sg_dbconn *c, long long now,
		       sg_report *r)
{
	struct run run = { p, w, c, sg_engine_bit(sg_dbconn_engine(c)), sg_dbconn_version(c), now,
			   (long)(now / 86400), r, NULL, NULL, NULL, NULL, NULL };
	sbuf packs = SBUF_INIT;
	size_t i;
	int rc;

	run.status = xcalloc(p->nr_checks + 1, sizeof(*run.status));
	r->policy.ran = true;
	free(r->policy.database);
	r->policy.database = xstrdup(sg_dbconn_shown(c));
	for (i = 0; i < p->nr_names; i++)
		sbuf_addf(&packs, "%s%s", i ? ", " : "", p->names[i]);
	free(r->policy.packs);
	r->policy.packs = sbuf_detach(&packs);
	describe_own_rules(r);
	for (i = 0; i < p->nr_checks && !run.lost; i++)
		evaluate_check(&run, i);
	if (run.lost) {
		rc = sg_error_set(SG_ERROR, "the connection to %s was lost at check '%s': %s", sg_dbconn_shown(c),
				  p->checks[i - 1].id, run.lost);
		release_run(&run);
		return rc;
	}
	for (i = 0; w && i < w->n; i++)
		if (w->v[i].expires < run.today)
			report_expired(&run, &w->v[i]);
	release_run(&run);
	return 0;
}
