/*
 * Human-readable output, in the compiler style editors and CI logs
 * understand: "file:line:col: severity: message [rule]", then the help.
 */
#include "gate/format.h"

#include <stdlib.h>
#include <string.h>

#define STATEMENT_WIDTH 48


static const char *severity_color(enum sg_severity s)
{
	return s == SG_ERROR_SEV ? "\033[1;31m" : s == SG_WARNING ? "\033[1;33m" : "\033[1;36m";
}

/* Characters, not bytes: statements quote UTF-8. */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void add_padded(sbuf *out, const char *s, size_t w)
{
	size_t n = width(s);

	sbuf_adds(out, s);
	while (n++ < w)
		sbuf_addch(out, ' ');
}

/* The columns of one statement's row: where, statement, locks, rewrite, blocked, time. */
static void observation_cells(const sg_observation *ob, char *cells[6])
{
	sbuf sb = SBUF_INIT;
	size_t i;

	sbuf_addf(&sb, "%s:%d", ob->file, ob->line);
	cells[0] = sbuf_detach(&sb);
	sbuf_add(&sb, ob->statement, strlen(ob->statement));
	if (width(sb.buf) > STATEMENT_WIDTH) {
		size_t n = 0, at = 0;
		while (sb.buf[at] && n < STATEMENT_WIDTH - 3)
			n += ((unsigned char)sb.buf[++at] & 0xC0) != 0x80;
		sb.len = at;
		sb.buf[at] = '\0';
		sbuf_adds(&sb, "...");
	}
	cells[1] = sbuf_detach(&sb);
	for (i = 0; i < ob->nr_locks; i++)
		sbuf_addf(&sb, "%s%s %s", i ? ", " : "", ob->locks[i].relation, ob->locks[i].mode);
	cells[2] = sbuf_detach(&sb);
	for (i = 0; i < ob->nr_rewritten; i++)
		sbuf_addf(&sb, "%s%s", i ? ", " : "", ob->rewritten[i]);
	cells[3] = sbuf_detach(&sb);
	sbuf_adds(&sb, sg_observation_blocks(ob, false) ? "reads, writes"
		       : sg_observation_blocks(ob, true) ? "writes" : "");
	cells[4] = sbuf_detach(&sb);
	if (ob->status == SG_OBS_RAN)
		sbuf_addf(&sb, "%.1f ms", ob->duration_ms);
	else
		sbuf_adds(&sb, ob->status == SG_OBS_FAILED ? "failed" : "not run");
	cells[5] = sbuf_detach(&sb);
}

/* The dry-run's statement table: what each statement locked, rewrote and blocked. */
static void add_observations(sbuf *out, const sg_report *r)
{
	static const char *const heads[6] = { "where", "statement", "locks", "rewrote",
					      "blocked", "time" };
	char *(*rows)[6] = calloc(r->nr_observations, sizeof(*rows));
	size_t w[6], i, c;

	if (!rows)
		return;
	for (c = 0; c < 6; c++)
		w[c] = width(heads[c]);
	for (i = 0; i < r->nr_observations; i++) {
		observation_cells(&r->observations[i], rows[i]);
		for (c = 0; c < 6; c++)
			if (width(rows[i][c]) > w[c])
				w[c] = width(rows[i][c]);
	}
	if (!strcmp(r->dryrun_database, "auto"))
		sbuf_addf(out, "dry-run on a throwaway PostgreSQL (started in %.2f s):\n",
			  r->dryrun_start_seconds);
	else
		sbuf_addf(out, "dry-run on %s (rolled back):\n", r->dryrun_database);
	for (i = 0; i <= r->nr_observations; i++) {
		const char *const *row = i ? (const char *const *)rows[i - 1] : heads;
		sbuf_adds(out, "  ");
		for (c = 0; c < 6; c++) {
			if (c == 5)
				sbuf_adds(out, row[c]);
			else
				add_padded(out, row[c], w[c] + 2);
		}
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		sbuf_addch(out, '\n');
	}
	for (i = 0; i < r->nr_observations; i++)
		for (c = 0; c < 6; c++)
			free(rows[i][c]);
	free(rows);
}

static void add_policy_summary(sbuf *out, const sg_report *r)
{
	const struct sg_report_policy *p = &r->policy;

	sbuf_addf(out, "policy %s on %s: %zu check%s, %zu passed, %zu failed, %zu unverifiable, %zu waived, "
		       "%zu not applicable\n",
		  p->packs, p->database, p->checks, p->checks == 1 ? "" : "s", p->passed, p->failed,
		  p->unverifiable, p->waived, p->not_applicable);
}

void format_text(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t i, errors = sg_report_count(r, SG_ERROR_SEV), warnings = sg_report_count(r, SG_WARNING);

	for (i = 0; i < r->nr; i++) {
		const sg_finding *f = &r->findings[i];
		const char *sev = sg_severity_name(f->severity);

		if (o->color)
			sbuf_addf(out, "\033[1m%s:%d:%d:\033[0m %s%s:\033[0m %s \033[2m[%s]\033[0m\n",
				  f->file, f->line, f->column, severity_color(f->severity), sev,
				  f->message, f->rule);
		else
			sbuf_addf(out, "%s:%d:%d: %s: %s [%s]\n", f->file, f->line, f->column, sev,
				  f->message, f->rule);
		if (f->evidence && *f->evidence && !strstr(f->message, f->evidence))
			sbuf_addf(out, "  evidence: %s\n", f->evidence);
		if (f->help && *f->help)
			sbuf_addf(out, "  help: %s\n", f->help);
	}
	if (r->dryrun_database && r->nr_observations && !o->quiet)
		add_observations(out, r);
	if (o->quiet && !r->nr)
		return;
	if (r->policy.ran)
		add_policy_summary(out, r);
	if (r->policy.ran && !r->files) {
		sbuf_addf(out, "%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
			  warnings == 1 ? "" : "s");
		return;
	}
	sbuf_addf(out, "%zu file%s, %zu statement%s: %zu error%s, %zu warning%s\n", r->files,
		  r->files == 1 ? "" : "s", r->statements, r->statements == 1 ? "" : "s", errors,
		  errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}
