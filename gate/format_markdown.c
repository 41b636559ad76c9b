/*
 * A GitHub-flavoured Markdown summary, fit for a pull-request comment or a
 * job's step summary ($GITHUB_STEP_SUMMARY, see gate/output.c):
 *
 *   ## ❌ schemagate: failed                      the verdict
 *   1 file, 3 statements: 2 errors, ...           the counts
 *   ### Errors        | where | rule | message |  the errors, one table row each
 *   ### Findings      <details> per file          every finding, collapsed
 *   ### Dry-run       | where | statement | ... |  each statement run, when a dry-run ran
 *   ### Rules         <details> per rule          why it matters, what to do
 *
 * Everything that comes from a migration (file names, messages quoting
 * identifiers) is escaped so that it shows as written: it can neither break
 * the table nor inject HTML, emphasis, links or math.
 *
 * GitHub refuses a step summary above 1 MiB, so the table and the findings
 * are capped in count and in bytes, and one line says how many were left
 * out; the rules section is bounded by the rule registry.
 */
#include "gate/format.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define MD_TABLE_MAX 100           /* error rows in the table */
#define MD_DETAILS_MAX 500         /* findings in the collapsible sections */
#define MD_DRYRUN_MAX 500          /* statements in the dry-run table */
#define MD_TEXT_MAX 4096           /* bytes of one message, help or file name */
#define MD_BUDGET (768 * 1024)     /* bytes of the tables and sections together */

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD, for bytes that are not UTF-8 */

/*
 * The replacement of one ASCII character: in Markdown text (`html` false)
 * or in the content of an HTML element such as <summary>, where Markdown is
 * not read. NULL: the character is copied (after a backslash when it is
 * Markdown punctuation, see is_markdown_punct).
 */
static const char *escape_of(char c, bool html)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return html ? "&quot;" : NULL;
	case '\n': case '\r': return html ? " " : "<br>";
	case '\t': return NULL;
	}
	return (unsigned char)c < 0x20 || c == 0x7f ? REPLACEMENT : NULL;
}

/* Code, emphasis, links, table cells, strike-through and math: shown as written after a backslash. */
static bool is_markdown_punct(char c)
{
	return c && strchr("\\`*_[]|~$", c);
}

/*
 * Append `s` escaped for Markdown text (`html` false: table cells, list
 * items, paragraphs; a newline becomes <br> so that a row stays one line)
 * or for an HTML element's content. At most MD_TEXT_MAX bytes of `s` are
 * shown, cut on a character boundary, then how much was left out.
 */
static void add_text_n(sbuf *out, const char *s, size_t len, bool html)
{
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_sequence_len((const unsigned char *)s + i, len - i);
		const char *esc;

		if (i >= MD_TEXT_MAX) {
			sbuf_addf(out, " … (%zu more bytes)", len - i);
			return;
		}
		if (n == 0) {
			sbuf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i++; /* CRLF is one line break */
			continue;
		}
		esc = n == 1 ? escape_of(s[i], html) : NULL;
		if (esc) {
			sbuf_adds(out, esc);
		} else {
			if (!html && n == 1 && is_markdown_punct(s[i]))
				sbuf_addch(out, '\\');
			sbuf_add(out, s + i, n);
		}
		i += n;
	}
}

static void add_text(sbuf *out, const char *s, bool html)
{
	add_text_n(out, s, strlen(s), html);
}

/*
 * Append the rules' own prose (description, help), whose `code` is meant as
 * code: each pair of backticks becomes a code span, which shows its content
 * literally (no HTML, no emphasis), so only line breaks need care there;
 * the rest is escaped as text. A backtick without its pair is text too.
 */
static void add_prose(sbuf *out, const char *s)
{
	const char *open, *close;

	while ((open = strchr(s, '`')) && (close = strchr(open + 1, '`')) && close > open + 1) {
		add_text_n(out, s, (size_t)(open - s), false);
		sbuf_addch(out, '`');
		for (s = open + 1; s < close; s++)
			sbuf_addch(out, *s == '\n' || *s == '\r' ? ' ' : *s);
		sbuf_addch(out, '`');
		s = close + 1;
	}
	add_text(out, s, false);
}

/* A rule id as code when it is a plain kebab-case id (all of ours), else as text. */
static void add_rule_id(sbuf *out, const char *id)
{
	if (*id && strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(id))
		sbuf_addf(out, "`%s`", id);
	else
		add_text(out, id, false);
}

static void add_count(sbuf *out, size_t n, const char *noun)
{
	sbuf_addf(out, "%zu %s%s", n, noun, n == 1 ? "" : "s");
}

static const char *severity_mark(enum sg_severity s)
{
	return s == SG_ERROR_SEV ? "❌" : s == SG_WARNING ? "⚠️" : "ℹ️";
}

static void add_verdict(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t errors = sg_report_count(r, SG_ERROR_SEV);
	bool failed = errors || (o->fail_on_warning && sg_report_count(r, SG_WARNING));

	sbuf_adds(out, failed ? "## ❌ schemagate: failed\n\n" : "## ✅ schemagate: passed\n\n");
	add_count(out, r->files, "file");
	sbuf_adds(out, ", ");
	add_count(out, r->statements, "statement");
	if (!r->nr) {
		sbuf_adds(out, ": no findings.\n");
		return;
	}
	sbuf_adds(out, ": ");
	add_count(out, errors, "error");
	sbuf_adds(out, ", ");
	add_count(out, sg_report_count(r, SG_WARNING), "warning");
	sbuf_adds(out, ", ");
	add_count(out, sg_report_count(r, SG_INFO), "info");
	sbuf_adds(out, ".\n");
}

static void add_error_row(sbuf *out, const sg_finding *f)
{
	sbuf_adds(out, "| ");
	add_text(out, f->file, false);
	if (f->line > 0)
		sbuf_addf(out, ":%d", f->line);
	sbuf_adds(out, " | ");
	add_rule_id(out, f->rule);
	sbuf_adds(out, " | ");
	add_text(out, f->message, false);
	sbuf_adds(out, " |\n");
}

/* The errors at a glance; `start` is where this summary began in `out`. */
static void add_error_table(sbuf *out, const sg_report *r, size_t start)
{
	size_t errors = sg_report_count(r, SG_ERROR_SEV), shown = 0, i;

	if (!errors)
		return;
	sbuf_adds(out, "\n### Errors\n\n| where | rule | message |\n|---|---|---|\n");
	for (i = 0; i < r->nr && shown < MD_TABLE_MAX && out->len - start < MD_BUDGET; i++) {
		if (r->findings[i].severity != SG_ERROR_SEV)
			continue;
		add_error_row(out, &r->findings[i]);
		shown++;
	}
	if (shown < errors)
		sbuf_addf(out, "\n%zu more error%s not in this table.\n", errors - shown,
			  errors - shown == 1 ? " is" : "s are");
}

/* The end of the run of findings of one file that begins at `from`. */
static size_t file_end(const sg_report *r, size_t from)
{
	size_t i = from + 1;

	while (i < r->nr && !strcmp(r->findings[i].file, r->findings[from].file))
		i++;
	return i;
}

/* "<details><summary><code>FILE</code>: 2 errors, 1 warning</summary>" */
static void add_file_summary(sbuf *out, const sg_report *r, size_t from, size_t end)
{
	static const enum sg_severity order[] = { SG_ERROR_SEV, SG_WARNING, SG_INFO };
	static const char *const noun[] = { "error", "warning", "info" };
	size_t s, i, n;
	bool first = true;

	sbuf_adds(out, "\n<details><summary><code>");
	add_text(out, r->findings[from].file, true);
	sbuf_adds(out, "</code>: ");
	for (s = 0; s < 3; s++) {
		for (i = from, n = 0; i < end; i++)
			n += r->findings[i].severity == order[s];
		if (!n)
			continue;
		if (!first)
			sbuf_adds(out, ", ");
		add_count(out, n, noun[s]);
		first = false;
	}
	sbuf_adds(out, "</summary>\n\n");
}

/*
 * One finding as a list item. Its help is in the rules section, so it is
 * repeated here only when that section does not have it. What a dry-run saw
 * of its statement closes it.
 */
static void add_item(sbuf *out, const sg_report *r, const sg_finding *f)
{
	const sg_report_rule *rule = sg_report_rule_find(r, f->rule);
	const sg_observation *obs = sg_report_observation(r, f);

	sbuf_addf(out, "- %s **%s** ", severity_mark(f->severity), sg_severity_name(f->severity));
	if (f->line > 0)
		sbuf_addf(out, "%d:%d ", f->line, f->column);
	add_rule_id(out, f->rule);
	sbuf_adds(out, ": ");
	add_text(out, f->message, false);
	if (f->help && *f->help && (!rule || strcmp(rule->help, f->help))) {
		sbuf_adds(out, "<br>help: ");
		add_prose(out, f->help);
	}
	if (obs) {
		char *summary = sg_observation_summary(obs);

		sbuf_adds(out, "<br>Observed: ");
		add_text(out, summary, false);
		free(summary);
	}
	sbuf_addch(out, '\n');
}

/* Every finding, one collapsed section per file, up to the caps. */
static void add_details(sbuf *out, const sg_report *r, size_t start)
{
	size_t from = 0, shown = 0;

	if (!r->nr)
		return;
	sbuf_adds(out, "\n### Findings\n");
	while (from < r->nr && shown < MD_DETAILS_MAX && out->len - start < MD_BUDGET) {
		size_t end = file_end(r, from), i;

		add_file_summary(out, r, from, end);
		for (i = from; i < end && shown < MD_DETAILS_MAX && out->len - start < MD_BUDGET; i++) {
			add_item(out, r, &r->findings[i]);
			shown++;
		}
		sbuf_adds(out, "\n</details>\n");
		from = end;
	}
	if (shown < r->nr)
		sbuf_addf(out, "\n%zu more finding%s not shown, to keep this summary under GitHub's "
			       "1 MiB limit: another --format lists them all.\n",
			  r->nr - shown, r->nr - shown == 1 ? " is" : "s are");
}

/* The longest run of backticks in the first `len` bytes of `s`. */
static size_t longest_backticks(const char *s, size_t len)
{
	size_t i, run = 0, longest = 0;

	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* Where add_text_n would stop showing `s`: the first character boundary at or after MD_TEXT_MAX. */
static size_t cut_point(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && i < MD_TEXT_MAX) {
		size_t n = utf8_sequence_len((const unsigned char *)s + i, len - i);

		i += n ? n : 1;
	}
	return i;
}

static void add_fence(sbuf *out, size_t n)
{
	while (n--)
		sbuf_addch(out, '`');
}

/*
 * Append `s` as a code span in a table cell: shown as written, since a code
 * span reads neither HTML nor Markdown. Its fence is longer than any run of
 * backticks inside, padded with a space when the text begins or ends with a
 * backtick or a space (CommonMark strips one on each side). A pipe would
 * still end the cell, so it is escaped, which GFM undoes inside code too;
 * line breaks become spaces. At most MD_TEXT_MAX bytes are shown.
 */
static void add_code(sbuf *out, const char *s)
{
	size_t len = strlen(s), shown = cut_point(s, len), fence, i = 0;
	bool pad;

	if (!len)
		return;
	fence = longest_backticks(s, shown) + 1;
	pad = strchr("` ", s[0]) || strchr("` ", s[shown - 1]);
	add_fence(out, fence);
	if (pad)
		sbuf_addch(out, ' ');
	while (i < shown) {
		size_t n = utf8_sequence_len((const unsigned char *)s + i, len - i);

		if (n == 0) {
			sbuf_adds(out, REPLACEMENT);
			n = 1;
		} else if (n > 1) {
			sbuf_add(out, s + i, n);
		} else if (s[i] == '|') {
			sbuf_adds(out, "\\|");
		} else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
			sbuf_addch(out, ' ');
		} else if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			sbuf_adds(out, REPLACEMENT);
		} else {
			sbuf_addch(out, s[i]);
		}
		i += n;
	}
	if (pad)
		sbuf_addch(out, ' ');
	add_fence(out, fence);
	if (shown < len)
		sbuf_addf(out, " … (%zu more bytes)", len - shown);
}

/* "public.users ACCESS EXCLUSIVE, public.orders SHARE ROW EXCLUSIVE", or "none". */
static void add_locks(sbuf *out, const sg_observation *obs)
{
	size_t i;

	if (!obs->nr_locks)
		sbuf_adds(out, "none");
	for (i = 0; i < obs->nr_locks; i++) {
		if (i)
			sbuf_adds(out, ", ");
		add_text(out, obs->locks[i].relation, false);
		sbuf_addch(out, ' ');
		add_text(out, obs->locks[i].mode, false);
	}
}

static void add_rewritten(sbuf *out, const sg_observation *obs)
{
	size_t i;

	if (!obs->nr_rewritten)
		sbuf_adds(out, "no");
	for (i = 0; i < obs->nr_rewritten; i++) {
		if (i)
			sbuf_adds(out, ", ");
		add_text(out, obs->rewritten[i], false);
	}
}

static bool probed(const sg_observation *obs)
{
	size_t i;

	for (i = 0; i < obs->nr_locks; i++)
		if (obs->locks[i].reads_blocked >= 0 || obs->locks[i].writes_blocked >= 0)
			return true;
	return false;
}

/* What a second session could not do while the locks were held. */
static const char *blocked_text(const sg_observation *obs)
{
	bool reads = sg_observation_blocks(obs, false), writes = sg_observation_blocks(obs, true);

	if (reads && writes)
		return "reads, writes";
	if (reads || writes)
		return reads ? "reads" : "writes";
	return obs->nr_locks && !probed(obs) ? "not probed" : "no";
}

static void add_status(sbuf *out, const sg_observation *obs)
{
	if (obs->status == SG_OBS_RAN) {
		sbuf_adds(out, "ran");
		return;
	}
	sbuf_adds(out, obs->status == SG_OBS_FAILED ? "failed" : "not run");
	if (obs->note && *obs->note) {
		sbuf_adds(out, ": ");
		add_text(out, obs->note, false);
	}
}

static void add_dryrun_row(sbuf *out, const sg_observation *obs)
{
	sbuf_adds(out, "| ");
	add_text(out, obs->file ? obs->file : "", false);
	if (obs->line > 0)
		sbuf_addf(out, ":%d", obs->line);
	sbuf_adds(out, " | ");
	add_code(out, obs->statement ? obs->statement : "");
	sbuf_adds(out, " | ");
	add_locks(out, obs);
	sbuf_adds(out, " | ");
	add_rewritten(out, obs);
	sbuf_addf(out, " | %s | ", blocked_text(obs));
	if (obs->status != SG_OBS_NOT_RUN)
		sbuf_addf(out, "%.1f", obs->duration_ms);
	sbuf_adds(out, " | ");
	add_status(out, obs);
	sbuf_adds(out, " |\n");
}

/* What the dry-run did, statement by statement, when one ran; up to the caps. */
static void add_dryrun(sbuf *out, const sg_report *r, size_t start)
{
	size_t shown = 0;

	if (!r->dryrun_database)
		return;
	sbuf_adds(out, "\n### Dry-run\n\nDatabase: ");
	add_text(out, r->dryrun_database, false);
	if (r->dryrun_start_seconds > 0)
		sbuf_addf(out, " (started in %.1f s)", r->dryrun_start_seconds);
	if (!r->nr_observations) {
		sbuf_adds(out, "; no statement was run.\n");
		return;
	}
	sbuf_adds(out, "\n\n| where | statement | locks | rewrite | blocked | ms | status |\n"
		       "|---|---|---|---|---|--:|---|\n");
	while (shown < r->nr_observations && shown < MD_DRYRUN_MAX && out->len - start < MD_BUDGET)
		add_dryrun_row(out, &r->observations[shown++]);
	if (shown < r->nr_observations)
		sbuf_addf(out, "\n%zu more statement%s not in this table.\n", r->nr_observations - shown,
			  r->nr_observations - shown == 1 ? " is" : "s are");
}

/* What each rule with findings is about and what to do instead. */
static void add_rules(sbuf *out, const sg_report *r)
{
	size_t i;

	if (!r->nr_rules)
		return;
	sbuf_adds(out, "\n### Rules\n");
	for (i = 0; i < r->nr_rules; i++) {
		const sg_report_rule *rule = &r->rules[i];

		sbuf_adds(out, "\n<details><summary><code>");
		add_text(out, rule->id, true);
		sbuf_adds(out, "</code>: "); /* not its default severity: the config may re-grade it */
		add_text(out, rule->summary, true);
		sbuf_adds(out, "</summary>\n\n");
		if (*rule->description) {
			sbuf_adds(out, "**Why:** ");
			add_prose(out, rule->description);
			sbuf_adds(out, "\n\n");
		}
		if (*rule->help) {
			sbuf_adds(out, "**Instead:** ");
			add_prose(out, rule->help);
			sbuf_adds(out, "\n\n");
		}
		sbuf_adds(out, "</details>\n");
	}
}

void format_markdown(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	size_t start = out->len;

	add_verdict(out, r, o);
	add_error_table(out, r, start);
	add_details(out, r, start);
	add_dryrun(out, r, start);
	add_rules(out, r);
}
