/*
 * The JSON contract of DESIGN.md: one object with "version", "findings"
 * and "summary", on one line. Strings go through json_out.c, which keeps
 * the output valid JSON and valid UTF-8 whatever a message quotes.
 */
#include "gate/format.h"
#include "gate/json_out.h"

#include <string.h>

static const char *status_name(enum sg_obs_status s)
{
	return s == SG_OBS_RAN ? "ran" : s == SG_OBS_FAILED ? "failed" : "not-run";
}

static void add_strings(sbuf *out, const char *key, char **v, size_t n)
{
	size_t i;

	sbuf_addf(out, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i)
			sbuf_addch(out, ',');
		sg_json_add_string(out, v[i]);
	}
	sbuf_addch(out, ']');
}

static const char *probe_value(signed char v)
{
	return v < 0 ? "null" : v ? "true" : "false";
}

/* What the dry-run saw a statement do (core/observation.h). */
static void add_observation(sbuf *out, const sg_observation *o)
{
	size_t i;

	sbuf_adds(out, "{\"file\":");
	sg_json_add_string(out, o->file);
	sbuf_addf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"statement\":",
		  o->line, o->column, o->end_line, o->end_column);
	sg_json_add_string(out, o->statement);
	sbuf_addf(out, ",\"status\":\"%s\",\"duration_ms\":%.3f,\"locks\":[", status_name(o->status),
		  o->duration_ms);
	for (i = 0; i < o->nr_locks; i++) {
		sbuf_adds(out, i ? ",{\"relation\":" : "{\"relation\":");
		sg_json_add_string(out, o->locks[i].relation);
		sbuf_adds(out, ",\"mode\":");
		sg_json_add_string(out, o->locks[i].mode);
		sbuf_addf(out, ",\"reads_blocked\":%s,\"writes_blocked\":%s}",
			  probe_value(o->locks[i].reads_blocked), probe_value(o->locks[i].writes_blocked));
	}
	sbuf_addch(out, ']');
	add_strings(out, "rewritten", o->rewritten, o->nr_rewritten);
	add_strings(out, "events", o->events, o->nr_events);
	sbuf_adds(out, ",\"note\":");
	if (o->note)
		sg_json_add_string(out, o->note);
	else
		sbuf_adds(out, "null");
	sbuf_addch(out, '}');
}

static void add_dry_run(sbuf *out, const sg_report *r)
{
	size_t i;

	sbuf_adds(out, ",\"dry_run\":{\"database\":");
	sg_json_add_string(out, r->dryrun_database);
	if (!strcmp(r->dryrun_database, "auto"))
		sbuf_addf(out, ",\"server_start_seconds\":%.3f", r->dryrun_start_seconds);
	sbuf_adds(out, ",\"statements\":[");
	for (i = 0; i < r->nr_observations; i++) {
		if (i)
			sbuf_addch(out, ',');
		add_observation(out, &r->observations[i]);
	}
	sbuf_adds(out, "]}");
}

static void add_finding(sbuf *out, const sg_report *r, const sg_finding *f)
{
	const sg_observation *o = sg_report_observation(r, f);

	sbuf_adds(out, "{\"rule\":");
	sg_json_add_string(out, f->rule);
	sbuf_addf(out, ",\"severity\":\"%s\",\"source\":\"%s\",\"file\":", sg_severity_name(f->severity),
		  sg_source_name(f->source));
	sg_json_add_string(out, f->file);
	sbuf_addf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"message\":",
		  f->line, f->column, f->end_line, f->end_column);
	sg_json_add_string(out, f->message);
	sbuf_adds(out, ",\"help\":");
	sg_json_add_string(out, f->help ? f->help : "");
	if (o) {
		sbuf_adds(out, ",\"observed\":");
		add_observation(out, o);
	}
	if (f->area) {
		sbuf_adds(out, ",\"area\":");
		sg_json_add_string(out, f->area);
	}
	if (f->evidence) {
		sbuf_adds(out, ",\"evidence\":");
		sg_json_add_string(out, f->evidence);
	}
	sbuf_addch(out, '}');
}

/* What the policy stage ran and what its checks came to. */
static void add_policy(sbuf *out, const sg_report *r)
{
	const struct sg_report_policy *p = &r->policy;

	sbuf_adds(out, ",\"policy\":{\"database\":");
	sg_json_add_string(out, p->database ? p->database : "");
	sbuf_adds(out, ",\"packs\":");
	sg_json_add_string(out, p->packs ? p->packs : "");
	sbuf_addf(out, ",\"checks\":%zu,\"passed\":%zu,\"failed\":%zu,\"unverifiable\":%zu,\"waived\":%zu,"
		       "\"not_applicable\":%zu}",
		  p->checks, p->passed, p->failed, p->unverifiable, p->waived, p->not_applicable);
}

void format_json(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t i;

	(void)o;
	sbuf_adds(out, "{\"version\":1,\"findings\":[");
	for (i = 0; i < r->nr; i++) {
		if (i)
			sbuf_addch(out, ',');
		add_finding(out, r, &r->findings[i]);
	}
	sbuf_addch(out, ']');
	if (r->dryrun_database)
		add_dry_run(out, r);
	if (r->policy.ran)
		add_policy(out, r);
	sbuf_addf(out, ",\"summary\":{\"files\":%zu,\"statements\":%zu,\"errors\":%zu,\"warnings\":%zu}}\n",
		  r->files, r->statements, sg_report_count(r, SG_ERROR_SEV),
		  sg_report_count(r, SG_WARNING));
}
