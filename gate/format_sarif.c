/*
 * SARIF 2.1.0 as GitHub code scanning reads it (shared reference
 * ci-formats.md §3.1): one run whose driver lists the rules that have
 * findings, and one result per finding with exactly one location.
 *
 * What this file decides about the format, and why:
 *
 * - Columns are counted in characters (core/text.h), which SARIF calls
 *   "unicodeCodePoints"; the run says so, since a consumer that assumed
 *   UTF-16 units would be off by one column per emoji.
 * - SARIF reserves '{' and '}' in every message string for placeholders
 *   (§3.11.5), so literal braces are doubled: "DEFAULT '{0}'" would
 *   otherwise ask the viewer for an argument that does not exist.
 * - GitHub takes at most 1024 characters of a rule description; longer
 *   ones are cut on a character boundary and end in "…".
 * - A finding without a position (line 0: about a whole file) points at
 *   the start of the file, and an end never comes before its start, so
 *   every region is valid.
 * - Identity: partialFingerprints holds "schemagate/v1", our line-free
 *   fingerprint (gate/fingerprint.h). GitHub's own
 *   "primaryLocationLineHash" is a rolling hash of the file's text around
 *   the line; a formatter sees findings, not files (which may come from a
 *   git revision or standard input), so it cannot compute it, and a value
 *   of another kind under that name would stop upload-sarif from filling
 *   in the real one.
 * - Nothing that changes between runs (dates, the current directory, the
 *   command line) is written, so the same input gives the same bytes.
 */
#include "gate/fingerprint.h"
#include "gate/format.h"
#include "gate/json_out.h"
#include "gate/version.h"
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_DESCRIPTION_MAX 1024 /* GitHub's limit on short and full descriptions */
#define SARIF_NAME_MAX 255         /* and on a rule's name */
#define ELLIPSIS "\xe2\x80\xa6"    /* U+2026, ends a description that was cut */
#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD, stands for a byte that is not UTF-8 */

static const char *level_of(enum sg_severity s)
{
	switch (s) {
	case SG_ERROR_SEV:
		return "error";
	case SG_WARNING:
		return "warning";
	default:
		return "note";
	}
}

static const char *nonempty(const char *s, const char *fallback)
{
	return s && *s ? s : fallback;
}

/*
 * How the character at `s` is written in a message string: *n is set to
 * its length in the input, and the result is its length in the output
 * (a brace is doubled, a byte that is not UTF-8 becomes U+FFFD).
 */
static size_t char_width(const char *s, size_t avail, size_t *n)
{
	*n = utf8_sequence_len((const unsigned char *)s, avail);
	if (*n == 0) {
		*n = 1;
		return strlen(REPLACEMENT);
	}
	return *s == '{' || *s == '}' ? 2 : *n;
}

static void add_char(sbuf *out, const char *s, size_t n)
{
	if (utf8_sequence_len((const unsigned char *)s, n) != n) {
		sbuf_adds(out, REPLACEMENT);
	} else if (*s == '{' || *s == '}') {
		sbuf_addch(out, *s);
		sbuf_addch(out, *s);
	} else {
		sbuf_add(out, s, n);
	}
}

/*
 * `s` as a SARIF message string (braces doubled, valid UTF-8) of at most
 * `max` bytes, appended to `out`. What does not fit is cut between two
 * characters and replaced by an ellipsis. Bytes are a stricter measure
 * than the characters GitHub counts, so the limit holds either way.
 */
static void add_message_string(sbuf *out, const char *s, size_t max)
{
	size_t len = strlen(s), total = 0, budget, i, n;

	for (i = 0; i < len; i += n)
		total += char_width(s + i, len - i, &n);
	budget = total <= max ? total : max - strlen(ELLIPSIS);
	for (i = 0, total = 0; i < len; i += n) {
		size_t width = char_width(s + i, len - i, &n);

		if (total + width > budget)
			break;
		add_char(out, s + i, n);
		total += width;
	}
	if (i < len)
		sbuf_adds(out, ELLIPSIS);
}

/*
 * Plain text as GitHub-flavoured Markdown that shows the same text: inline
 * markup characters are escaped, except inside `code spans`, which rule
 * help uses for SQL and which Markdown shows verbatim anyway.
 */
static void add_markdown(sbuf *out, const char *s)
{
	while (*s) {
		const char *end = *s == '`' ? strchr(s + 1, '`') : NULL;

		if (end) {
			sbuf_add(out, s, (size_t)(end + 1 - s));
			s = end + 1;
			continue;
		}
		if (strchr("\\`*_[]<>&|~#", *s))
			sbuf_addch(out, '\\');
		sbuf_addch(out, *s++);
	}
}

/* A rule's friendly name, which SARIF wants in PascalCase: ban-drop-column → BanDropColumn. */
static void add_pascal_case(sbuf *out, const char *id)
{
	int upper = 1;

	for (; *id; id++) {
		char c = *id;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
			upper = 1;
			continue;
		}
		sbuf_addch(out, upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
		upper = 0;
	}
}

/*
 * A path as a URI reference (RFC 3986): a byte that a path segment may not
 * hold is %-escaped (so UTF-8 names become %XX sequences), '/' stays, and
 * ':' is escaped too, or "a:b.sql" would read as the scheme "a". A relative
 * path stays relative, as GitHub wants it. An absolute one becomes a
 * file:// URI ("/x" alone would be relative to a server's root): valid
 * SARIF, but GitHub cannot place it in the repository and refuses it.
 */
static void add_uri(sbuf *out, const char *path)
{
	static const char keep[] = "-._~!$&'()*+,;=@/";
	const unsigned char *p = (const unsigned char *)path;

	if (*p == '/')
		sbuf_adds(out, "file://");
	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(keep, *p))
			sbuf_addch(out, (char)*p);
		else
			sbuf_addf(out, "%%%02X", *p);
	}
}

/* "key": {"text": TEXT}, TEXT as a message string of at most `max` bytes. */
static void add_text(sg_json *j, sbuf *tmp, const char *key, const char *text, size_t max)
{
	sbuf_reset(tmp);
	add_message_string(tmp, text, max);
	sg_json_key(j, key);
	sg_json_open_object(j);
	sg_json_key(j, "text");
	sg_json_string_len(j, tmp->buf, tmp->len);
	sg_json_close_object(j);
}

static void add_help(sg_json *j, sbuf *tmp, const char *help)
{
	sbuf md = SBUF_INIT;

	add_markdown(&md, help);
	sg_json_key(j, "help");
	sg_json_open_object(j);
	sbuf_reset(tmp);
	add_message_string(tmp, help, SIZE_MAX);
	sg_json_key(j, "text");
	sg_json_string_len(j, tmp->buf, tmp->len);
	sbuf_reset(tmp);
	add_message_string(tmp, md.buf, SIZE_MAX);
	sg_json_key(j, "markdown");
	sg_json_string_len(j, tmp->buf, tmp->len);
	sg_json_close_object(j);
	sbuf_release(&md);
}

/* A reportingDescriptor. SARIF and GitHub refuse empty texts: each falls back on the one before. */
static void add_rule(sg_json *j, sbuf *tmp, const sg_report_rule *rule)
{
	const char *summary = nonempty(rule->summary, rule->id);
	sbuf name = SBUF_INIT;

	add_pascal_case(&name, rule->id);
	sg_json_open_object(j);
	sg_json_key_string(j, "id", rule->id);
	/* SARIF wants no name at all rather than one that only repeats the id ("syntax" → "Syntax"). */
	if (strcasecmp(name.buf, rule->id)) {
		sbuf_reset(tmp);
		add_message_string(tmp, name.buf, SARIF_NAME_MAX);
		sg_json_key(j, "name");
		sg_json_string_len(j, tmp->buf, tmp->len);
	}
	add_text(j, tmp, "shortDescription", summary, SARIF_DESCRIPTION_MAX);
	add_text(j, tmp, "fullDescription", nonempty(rule->description, summary),
		 SARIF_DESCRIPTION_MAX);
	add_help(j, tmp, nonempty(rule->help, summary));
	sg_json_key(j, "defaultConfiguration");
	sg_json_open_object(j);
	sg_json_key_string(j, "level", level_of(rule->severity));
	sg_json_close_object(j);
	sg_json_close_object(j);
	sbuf_release(&name);
}

static void add_driver(sg_json *j, sbuf *tmp, const sg_report *r)
{
	size_t i;

	sg_json_key(j, "tool");
	sg_json_open_object(j);
	sg_json_key(j, "driver");
	sg_json_open_object(j);
	sg_json_key_string(j, "name", "schemagate");
	sg_json_key_string(j, "version", SG_VERSION);
	sg_json_key_string(j, "semanticVersion", SG_VERSION);
	sg_json_key_string(j, "informationUri", SG_HOMEPAGE);
	sg_json_key(j, "rules");
	sg_json_open_array(j);
	for (i = 0; i < r->nr_rules; i++)
		add_rule(j, tmp, &r->rules[i]);
	sg_json_close_array(j);
	sg_json_close_object(j);
	sg_json_close_object(j);
}

/* Lines and columns count from 1; the end is the column after the last character. */
static void add_region(sg_json *j, const sg_finding *f)
{
	int line = f->line > 0 ? f->line : 1;
	int column = f->line > 0 && f->column > 0 ? f->column : 1;
	int end_line = f->end_line > line ? f->end_line : line;
	int end_column = f->end_line >= line ? f->end_column : column;

	if (end_line == line && end_column < column)
		end_column = column;
	if (end_column < 1)
		end_column = 1;
	sg_json_key(j, "region");
	sg_json_open_object(j);
	sg_json_key_int(j, "startLine", line);
	sg_json_key_int(j, "startColumn", column);
	sg_json_key_int(j, "endLine", end_line);
	sg_json_key_int(j, "endColumn", end_column);
	sg_json_close_object(j);
}

static void add_location(sg_json *j, sbuf *tmp, const sg_finding *f)
{
	sbuf_reset(tmp);
	add_uri(tmp, f->file);
	sg_json_key(j, "locations");
	sg_json_open_array(j);
	sg_json_open_object(j);
	sg_json_key(j, "physicalLocation");
	sg_json_open_object(j);
	sg_json_key(j, "artifactLocation");
	sg_json_open_object(j);
	sg_json_key(j, "uri");
	sg_json_string_len(j, tmp->buf, tmp->len);
	sg_json_close_object(j);
	add_region(j, f);
	sg_json_close_object(j);
	sg_json_close_object(j);
	sg_json_close_array(j);
}

static const char *obs_status_name(enum sg_obs_status s)
{
	switch (s) {
	case SG_OBS_RAN:
		return "ran";
	case SG_OBS_FAILED:
		return "failed";
	case SG_OBS_NOT_RUN:
		break;
	}
	return "not-run";
}

static void add_strings(sg_json *j, const char *key, char *const *v, size_t n)
{
	size_t i;

	sg_json_key(j, key);
	sg_json_open_array(j);
	for (i = 0; i < n; i++)
		sg_json_string(j, v[i]);
	sg_json_close_array(j);
}

/* A probe's answer; a lock that was not probed says nothing. */
static void add_blocked(sg_json *j, const char *key, signed char blocked)
{
	if (blocked >= 0)
		sg_json_key_bool(j, key, blocked == 1);
}

static void add_locks(sg_json *j, const sg_observation *obs)
{
	size_t i;

	sg_json_key(j, "locks");
	sg_json_open_array(j);
	for (i = 0; i < obs->nr_locks; i++) {
		const sg_obs_lock *l = &obs->locks[i];

		sg_json_open_object(j);
		sg_json_key_string(j, "relation", l->relation);
		sg_json_key_string(j, "mode", l->mode);
		add_blocked(j, "reads_blocked", l->reads_blocked);
		add_blocked(j, "writes_blocked", l->writes_blocked);
		sg_json_close_object(j);
	}
	sg_json_close_array(j);
}

/*
 * What the dry-run saw of the finding's statement, in the result's property
 * bag: "observed" for tools, "observedSummary" (the line other formats
 * show) for people. The message itself stays the finding's.
 */
static void add_observed(sg_json *j, const sg_observation *obs)
{
	char *summary;

	if (!obs)
		return;
	sg_json_key(j, "observed");
	sg_json_open_object(j);
	if (obs->statement)
		sg_json_key_string(j, "statement", obs->statement);
	sg_json_key_string(j, "status", obs_status_name(obs->status));
	if (obs->status != SG_OBS_NOT_RUN)
		sg_json_key_double(j, "duration_ms", obs->duration_ms);
	add_locks(j, obs);
	add_strings(j, "rewritten", obs->rewritten, obs->nr_rewritten);
	add_strings(j, "events", obs->events, obs->nr_events);
	if (obs->note)
		sg_json_key_string(j, "note", obs->note);
	sg_json_close_object(j);
	summary = sg_observation_summary(obs);
	sg_json_key_string(j, "observedSummary", summary);
	free(summary);
}

static void add_result(sg_json *j, sbuf *tmp, const sg_report *r, const sg_finding *f,
		       const char *fingerprint)
{
	const sg_report_rule *rule = sg_report_rule_find(r, f->rule);

	sg_json_open_object(j);
	sg_json_key_string(j, "ruleId", f->rule);
	/* A rule outside the list (none today) is named by its id alone. */
	if (rule)
		sg_json_key_int(j, "ruleIndex", (long long)(rule - r->rules));
	sg_json_key_string(j, "level", level_of(f->severity));
	add_text(j, tmp, "message", nonempty(f->message, f->rule), SIZE_MAX);
	add_location(j, tmp, f);
	sg_json_key(j, "partialFingerprints");
	sg_json_open_object(j);
	sg_json_key_string(j, "schemagate/v1", fingerprint);
	sg_json_close_object(j);
	sg_json_key(j, "properties");
	sg_json_open_object(j);
	sg_json_key_string(j, "source", sg_source_name(f->source));
	if (f->area)
		sg_json_key_string(j, "area", f->area);
	if (f->evidence)
		sg_json_key_string(j, "evidence", f->evidence);
	add_observed(j, sg_report_observation(r, f));
	sg_json_close_object(j);
	sg_json_close_object(j);
}

void format_sarif(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	char *fingerprints = sg_fingerprints(r);
	sbuf tmp = SBUF_INIT;
	sg_json j;
	size_t i;

	(void)o;
	sg_json_init(&j, out, 2);
	sg_json_open_object(&j);
	sg_json_key_string(&j, "$schema", SARIF_SCHEMA);
	sg_json_key_string(&j, "version", "2.1.0");
	sg_json_key(&j, "runs");
	sg_json_open_array(&j);
	sg_json_open_object(&j);
	add_driver(&j, &tmp, r);
	sg_json_key_string(&j, "columnKind", "unicodeCodePoints");
	sg_json_key(&j, "results");
	sg_json_open_array(&j);
	for (i = 0; i < r->nr; i++)
		add_result(&j, &tmp, r, &r->findings[i], fingerprints + i * SG_FINGERPRINT_SIZE);
	sg_json_close_array(&j);
	sg_json_close_object(&j);
	sg_json_close_array(&j);
	sg_json_close_object(&j);
	sbuf_addch(out, '\n');
	sbuf_release(&tmp);
	free(fingerprints);
}
