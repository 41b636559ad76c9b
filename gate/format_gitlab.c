/*
 * GitLab Code Quality (artifacts:reports:codequality): a JSON array, no BOM,
 * of one object per finding with the five fields GitLab reads:
 *
 *   {"description":"MESSAGE [RULE]","check_name":"RULE","fingerprint":"HEX",
 *    "severity":"critical","location":{"path":"FILE","lines":{"begin":L,"end":E}},
 *    "content":{"body":"HELP"}}
 *
 * The description is what the merge request widget shows, next to the
 * severity and FILE:LINE. The rule id is appended to it because the widget
 * does not reliably show check_name, and the id is what a reader needs to
 * look the rule up (`schemagate rules RULE`) or suppress it. The message
 * itself is kept byte for byte: our messages are one line, and a newline
 * can only come from a quoted identifier, which JSON carries as \n and the
 * widget's HTML folds into a space. The help (the safe alternative) is a
 * paragraph, too long for a one-line entry: it goes in Code Climate's
 * content.body, which GitLab ignores and other Code Climate readers show;
 * so does what a dry-run saw of the statement ("Observed: ...").
 *
 * Strings go through json_out.c, like every JSON format: valid JSON and
 * valid UTF-8 whatever a message quotes (a broken byte becomes U+FFFD).
 *
 * The fingerprint is sg_fingerprints(): without line numbers, so the
 * widget's comparison with the target branch does not report a finding as
 * fixed and new again when lines are inserted above it, and unique per
 * finding, because GitLab collapses identical fingerprints into one entry.
 */
#include "gate/format.h"
#include "gate/fingerprint.h"
#include "gate/json_out.h"

#include <stdlib.h>

/*
 * GitLab has five levels for our three. An error is what fails the gate:
 * an outage, a rewrite, lost data or a broken application, so `critical`.
 * A warning is hygiene, `minor`, two levels below, so the widget's order
 * keeps them well apart. `info` is `info`. `blocker` and `major` are left
 * unused: whether a finding blocks the merge depends on --fail-on, which is
 * the exit code's business, and a formatter renders, it does not decide.
 */
static const char *gitlab_severity(enum sg_severity s)
{
	switch (s) {
	case SG_ERROR_SEV:
		return "critical";
	case SG_WARNING:
		return "minor";
	case SG_INFO:
		break;
	}
	return "info";
}

/* GitLab needs a line to point at: a finding about a whole file points at its first. */
static int line_or_first(int line)
{
	return line > 0 ? line : 1;
}

/* content.body: the help, then what the dry-run saw of the statement; nothing when neither. */
static void add_content(sg_json *j, const sg_finding *f, const sg_observation *obs)
{
	sbuf body = SBUF_INIT;

	if (f->help && *f->help)
		sbuf_adds(&body, f->help);
	if (obs) {
		char *summary = sg_observation_summary(obs);

		sbuf_addf(&body, "%sObserved: %s", body.len ? "\n\n" : "", summary);
		free(summary);
	}
	if (body.len) {
		sg_json_key(j, "content");
		sg_json_open_object(j);
		sg_json_key_string(j, "body", body.buf);
		sg_json_close_object(j);
	}
	sbuf_release(&body);
}

static void add_issue(sbuf *out, const sg_finding *f, const sg_observation *obs,
		      const char *fingerprint)
{
	int begin = line_or_first(f->line);
	int end = f->end_line > begin ? f->end_line : begin;
	sbuf description = SBUF_INIT;
	sg_json j;

	sbuf_addf(&description, "%s [%s]", f->message, f->rule);
	sg_json_init(&j, out, 0);
	sg_json_open_object(&j);
	sg_json_key_string(&j, "description", description.buf);
	sg_json_key_string(&j, "check_name", f->rule);
	sg_json_key_string(&j, "fingerprint", fingerprint);
	sg_json_key_string(&j, "severity", gitlab_severity(f->severity));
	sg_json_key(&j, "location");
	sg_json_open_object(&j);
	sg_json_key_string(&j, "path", f->file);
	sg_json_key(&j, "lines");
	sg_json_open_object(&j);
	sg_json_key_int(&j, "begin", begin);
	sg_json_key_int(&j, "end", end);
	sg_json_close_object(&j);
	sg_json_close_object(&j);
	add_content(&j, f, obs);
	sg_json_close_object(&j);
	sbuf_release(&description);
}

/* One issue per line, so a report reads (and diffs) one finding at a time. */
void format_gitlab(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	char *fingerprints;
	size_t i;

	(void)o;
	if (!r->nr) {
		sbuf_adds(out, "[]\n");
		return;
	}
	fingerprints = sg_fingerprints(r);
	sbuf_adds(out, "[\n");
	for (i = 0; i < r->nr; i++) {
		add_issue(out, &r->findings[i], sg_report_observation(r, &r->findings[i]),
			  fingerprints + i * SG_FINGERPRINT_SIZE);
		sbuf_adds(out, i + 1 < r->nr ? ",\n" : "\n");
	}
	sbuf_adds(out, "]\n");
	free(fingerprints);
}
