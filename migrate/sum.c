/*
 * schemagate.sum, the integrity file of a migration directory (see sum.h).
 *
 * The format, in the spirit of Atlas's atlas.sum:
 *
 *     h1:<HEADER>
 *     <path> h1:<HASH>
 *     <path> h1:<HASH>
 *     ...
 *
 * One line per file of the directory (in subfolders too, hidden entries
 * excepted as everywhere), schemagate.sum itself excepted, in migration
 * order: sg_version_cmp on the relative path, strcmp as the tie-break, so
 * that a new migration appends a line. Every line ends with '\n'.
 *
 * - <HASH> is the standard base64 (with '=' padding: 44 characters) of a
 *   SHA-256 chained through the lines:
 *       C(0) = 32 zero bytes
 *       C(i) = SHA-256(C(i-1) || SHA-256(path(i)) || SHA-256(content(i)))
 *   where path(i) is the raw relative path ('/'-separated, no quoting) and
 *   content(i) the file's bytes. Each line covers its file and every file
 *   before it, so two branches that add different migrations write
 *   different last lines and conflict in git.
 * - <HEADER> is the base64 SHA-256 of every line after the first one,
 *   each with its '\n', exactly as written: editing any line by hand, or
 *   merging two sums without --write, breaks it.
 * - <path> is written bare when every byte is printable ASCII other than
 *   space, '"' and '\\'. Otherwise it is double-quoted, with '"' and '\\'
 *   escaped by a backslash, valid UTF-8 letters kept, and every other byte
 *   (controls, DEL, C1 controls, invalid UTF-8) written as \xHH (lower-case
 *   hex). Any path the file system can hold round-trips, and the file
 *   stays one path per line.
 *
 * The reader is lenient where it costs nothing: "\r\n" line ends (git's
 * autocrlf) and a missing last '\n' are accepted and the header is
 * computed over the lines as if written with '\n'; a bare path may hold
 * any byte but space and controls.
 *
 * Checking recomputes each line from the hash recorded on the line before
 * it, not from the recomputed one: an edited migration then fails its own
 * line only, not every line after it, so only the files that really
 * changed are reported. The header still ties the lines together.
 */
#include "migrate/sum.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "migrate/hash.h"
#include "migrate/source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULE_ID "sum-mismatch"
#define HASH_PREFIX "h1:"
#define B64_HASH_LEN 44 /* base64 of 32 bytes, padded */
/* Malformed lines reported before the rest are summed up in one finding. */
#define MAX_MALFORMED 10

static const char b64_digits[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---------------------------------------------------------------- base64 */

static void add_base64(sbuf *out, const unsigned char *raw, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
		sbuf_addch(out, b64_digits[v >> 18 & 63]);
		sbuf_addch(out, b64_digits[v >> 12 & 63]);
		sbuf_addch(out, b64_digits[v >> 6 & 63]);
		sbuf_addch(out, b64_digits[v & 63]);
	}
	if (i < len) {
		unsigned long v = (unsigned long)raw[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)raw[i + 1] << 8;
		sbuf_addch(out, b64_digits[v >> 18 & 63]);
		sbuf_addch(out, b64_digits[v >> 12 & 63]);
		sbuf_addch(out, i + 1 < len ? b64_digits[v >> 6 & 63] : '=');
		sbuf_addch(out, '=');
	}
}

static int b64_value(unsigned char c)
{
	const char *p = c ? strchr(b64_digits, c) : NULL;
	return p ? (int)(p - b64_digits) : -1;
}

/*
 * Decode exactly the canonical base64 of a SHA-256: 43 digits and '='
 * with the 2 bits left over zero. Anything else is not a hash we wrote.
 */
static bool decode_hash(const char *s, size_t len, unsigned char out[SG_SHA256_RAWSZ])
{
	unsigned acc = 0;
	int bits = 0;
	size_t i, o = 0;

	if (len != B64_HASH_LEN || s[B64_HASH_LEN - 1] != '=')
		return false;
	for (i = 0; i < B64_HASH_LEN - 1; i++) {
		int v = b64_value((unsigned char)s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
		acc &= (1u << bits) - 1;
	}
	return o == SG_SHA256_RAWSZ && acc == 0;
}

/* ------------------------------------------------------------------ paths */

static bool path_is_bare(const char *p)
{
	if (!*p)
		return false;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\')
			return false;
	}
	return true;
}

/* A multi-byte UTF-8 letter kept as is in a quoted path (not a C1 control). */
static size_t utf8_letter_len(const unsigned char *s, size_t avail)
{
	size_t n = utf8_sequence_len(s, avail);

	if (n < 2 || (s[0] == 0xc2 && s[1] < 0xa0))
		return 0;
	return n;
}

static void add_path(sbuf *out, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t i = 0, n = strlen(path), u;

	if (path_is_bare(path)) {
		sbuf_add(out, path, n);
		return;
	}
	sbuf_addch(out, '"');
	while (i < n) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			sbuf_addch(out, '\\');
			sbuf_addch(out, (char)c);
			i++;
		} else if (c >= ' ' && c < 0x7f) {
			sbuf_addch(out, (char)c);
			i++;
		} else if ((u = utf8_letter_len(p + i, n - i))) {
			sbuf_add(out, path + i, u);
			i += u;
		} else {
			sbuf_addf(out, "\\x%02x", c);
			i++;
		}
	}
	sbuf_addch(out, '"');
}

/* `path` as the sum writes it, for messages (owned by the caller). */
static char *shown_path(const char *path)
{
	sbuf s = SBUF_INIT;

	add_path(&s, path);
	return sbuf_detach(&s);
}

/* Why a line does not parse, and at which byte of it. */
struct line_error {
	size_t at;
	const char *msg;
};

static bool fail(struct line_error *e, size_t at, const char *msg)
{
	e->at = at;
	e->msg = msg;
	return false;
}

static bool is_control(unsigned char c)
{
	return c < ' ' || c == 0x7f;
}

/* The quoted path at s[0] == '"'; *used is the bytes up to the closing quote included. */
static bool parse_quoted(const char *s, size_t len, sbuf *path, size_t *used,
			 struct line_error *e)
{
	size_t i;

	for (i = 1; i < len && s[i] != '"'; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;

		if (is_control(c))
			return fail(e, i, "control character in a quoted path (write it as \\xHH)");
		if (c != '\\') {
			sbuf_addch(path, (char)c);
			continue;
		}
		if (i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
			sbuf_addch(path, s[++i]);
			continue;
		}
		if (i + 3 >= len || s[i + 1] != 'x' || (hi = hex_digit_value(s[i + 2])) < 0 ||
		    (lo = hex_digit_value(s[i + 3])) < 0 || (hi | lo) == 0)
			return fail(e, i, "bad escape in a quoted path (known: \\\\, \\\" and \\xHH, not \\x00)");
		sbuf_addch(path, (char)(hi << 4 | lo));
		i += 3;
	}
	if (i >= len)
		return fail(e, 0, "the quoted path is not closed");
	*used = i + 1;
	return true;
}

static bool parse_path(const char *s, size_t len, sbuf *path, size_t *used,
		       struct line_error *e)
{
	size_t i;

	if (len && s[0] == '"') {
		if (!parse_quoted(s, len, path, used, e))
			return false;
	} else {
		for (i = 0; i < len && s[i] != ' '; i++) {
			if (is_control((unsigned char)s[i]))
				return fail(e, i, "control character in a path (quote the path and write it as \\xHH)");
			sbuf_addch(path, s[i]);
		}
		*used = i;
	}
	if (!path->len)
		return fail(e, 0, "the line has no path; lines after the header are '<path> h1:<hash>'");
	return true;
}

/*
 * One line after the header: "<path> h1:<hash>" (len excludes the line
 * end). On failure `e` says what is wrong and where.
 */
static bool parse_line(const char *s, size_t len, sbuf *path, unsigned char hash[SG_SHA256_RAWSZ],
		       struct line_error *e)
{
	size_t used, at;

	if (!len)
		return fail(e, 0, "empty line; lines after the header are '<path> h1:<hash>'");
	if (!parse_path(s, len, path, &used, e))
		return false;
	if (len - used < 4 || memcmp(s + used, " " HASH_PREFIX, 4))
		return fail(e, used, "expected ' h1:<hash>' after the path");
	at = used + 4;
	if (decode_hash(s + at, len - at, hash))
		return true;
	if (len - at > B64_HASH_LEN && decode_hash(s + at, B64_HASH_LEN, hash))
		return fail(e, at + B64_HASH_LEN, "unexpected text after the hash");
	return fail(e, at, "the hash is not a SHA-256 in base64 (44 characters ending with '=')");
}

/* ------------------------------------------------------------------ files */

static bool is_sum_file(const sg_tree_file *f)
{
	return !strcmp(f->path, SG_SUM_FILE);
}

static sg_tree_file *find_sum_file(const sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (is_sum_file(&t->files[i]))
			return &t->files[i];
	return NULL;
}

size_t sg_sum_nr_files(const sg_tree *t)
{
	return t->nr - (find_sum_file(t) ? 1 : 0);
}

static int by_version(const void *a, const void *b)
{
	const char *x = (*(sg_tree_file *const *)a)->path, *y = (*(sg_tree_file *const *)b)->path;
	int c = sg_version_cmp(x, y);
	return c ? c : strcmp(x, y);
}

/* The files the sum covers, in migration order (an owned array of borrowed files). */
static sg_tree_file **covered_files(const sg_tree *t, size_t *nr)
{
	sg_tree_file **v = xcalloc(t->nr ? t->nr : 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < t->nr; i++)
		if (!is_sum_file(&t->files[i]))
			v[n++] = &t->files[i];
	qsort(v, n, sizeof(*v), by_version);
	*nr = n;
	return v;
}

/* What a line hashes of its file: SHA-256 of the path, then of the content. */
struct file_digest {
	unsigned char path[SG_SHA256_RAWSZ];
	unsigned char content[SG_SHA256_RAWSZ];
};

static int digest_file(sg_tree *t, sg_tree_file *f, struct file_digest *d)
{
	const char *data;
	size_t len;
	int rc = sg_tree_read(t, f, &data, &len);

	if (rc < 0)
		return rc;
	sg_sha256(f->path, strlen(f->path), d->path);
	sg_sha256(data, len, d->content);
	return 0;
}

/* C(i) from C(i-1) and the digest of file i (see the top of this file). */
static void chain(const unsigned char prev[SG_SHA256_RAWSZ], const struct file_digest *d,
		  unsigned char out[SG_SHA256_RAWSZ])
{
	sg_sha256_ctx *c = sg_sha256_new();

	sg_sha256_update(c, prev, SG_SHA256_RAWSZ);
	sg_sha256_update(c, d->path, sizeof(d->path));
	sg_sha256_update(c, d->content, sizeof(d->content));
	sg_sha256_final(c, out);
}

int sg_sum_render(sg_tree *t, sbuf *out)
{
	unsigned char prev[SG_SHA256_RAWSZ] = { 0 }, head[SG_SHA256_RAWSZ];
	struct file_digest d;
	sbuf body = SBUF_INIT;
	size_t i, nr;
	sg_tree_file **files = covered_files(t, &nr);
	int rc = 0;

	for (i = 0; i < nr; i++) {
		if ((rc = digest_file(t, files[i], &d)) < 0)
			break;
		chain(prev, &d, prev);
		add_path(&body, files[i]->path);
		sbuf_adds(&body, " " HASH_PREFIX);
		add_base64(&body, prev, sizeof(prev));
		sbuf_addch(&body, '\n');
	}
	if (rc == 0) {
		sg_sha256(body.buf, body.len, head);
		sbuf_adds(out, HASH_PREFIX);
		add_base64(out, head, sizeof(head));
		sbuf_addch(out, '\n');
		sbuf_add(out, body.buf, body.len);
	}
	sbuf_release(&body);
	free(files);
	return rc;
}

/* ------------------------------------------------------------------ check */

/*
 * Which lines to blame. When the header matches the lines (`pristine`),
 * the lines are exactly what --write wrote, so a line that does not match
 * its file means the file changed; each line is recomputed from the hash
 * recorded on the line before, and an edited file fails its own line
 * only. When the header does not match, someone edited or merged the sum,
 * and a line may be wrong rather than its file: the finding says so, and
 * the next line is also tried against `truth`, the chain recomputed from
 * the files, so that one hand-edited hash does not fail the line after it
 * too. Lines that name no file of the directory leave `truth` alone, so a
 * line added by hand does not either.
 */
struct entry {
	sg_tree_file *file;
	int line; /* the sum line that lists it, 0 while none did */
};

struct checker {
	sg_tree *t;
	sg_report *r;
	char *sum_path; /* owned: the sum file as findings show it */
	sg_text text;   /* positions in the sum file */
	struct entry *files;    /* owned: the covered files in migration order */
	struct entry **by_path; /* owned: the same, sorted by path for lookups */
	size_t nr;
	int malformed; /* malformed lines reported so far */
	bool pristine; /* the header matches the lines */
	unsigned char recorded[SG_SHA256_RAWSZ]; /* on the last line that parsed */
	unsigned char truth[SG_SHA256_RAWSZ];    /* recomputed from the files */
};

static int entry_path_cmp(const void *a, const void *b)
{
	return strcmp((*(struct entry *const *)a)->file->path, (*(struct entry *const *)b)->file->path);
}

static struct entry *lookup(const struct checker *c, const char *path)
{
	sg_tree_file key_file = { 0 };
	struct entry key = { &key_file, 0 }, *pkey = &key, **hit;

	key_file.path = (char *)path;
	hit = bsearch(&pkey, c->by_path, c->nr, sizeof(*c->by_path), entry_path_cmp);
	return hit ? *hit : NULL;
}

static void checker_init(struct checker *c, sg_tree *t, sg_report *r, const char *data, size_t len)
{
	sg_tree_file **files;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->t = t;
	c->r = r;
	c->sum_path = sg_tree_display_path(t, SG_SUM_FILE);
	sg_text_init(&c->text, data, len);
	files = covered_files(t, &c->nr);
	c->files = xcalloc(c->nr ? c->nr : 1, sizeof(*c->files));
	c->by_path = xcalloc(c->nr ? c->nr : 1, sizeof(*c->by_path));
	for (i = 0; i < c->nr; i++) {
		c->files[i].file = files[i];
		c->by_path[i] = &c->files[i];
	}
	qsort(c->by_path, c->nr, sizeof(*c->by_path), entry_path_cmp);
	free(files);
}

static void checker_release(struct checker *c)
{
	sg_text_release(&c->text);
	free(c->sum_path);
	free(c->files);
	free(c->by_path);
}

/* A finding in the sum file covering bytes [from, to) of it. */
static void __attribute__((format(printf, 4, 5)))
report_in_sum(struct checker *c, size_t from, size_t to, const char *fmt, ...)
{
	sg_pos start = sg_text_pos(&c->text, from), end = sg_text_pos(&c->text, to);
	sg_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = sg_rule_vreport(c->r, RULE_ID, c->sum_path, start.line, start.column, fmt, ap);
	va_end(ap);
	if (end.line == start.line && end.column > start.column)
		f->end_column = end.column;
}

/* A finding on the migration `path` itself (its first line: the whole file is meant). */
static void __attribute__((format(printf, 3, 4)))
report_in_file(struct checker *c, const char *path, const char *fmt, ...)
{
	char *file = sg_tree_display_path(c->t, path);
	va_list ap;

	va_start(ap, fmt);
	sg_rule_vreport(c->r, RULE_ID, file, 1, 1, fmt, ap);
	va_end(ap);
	free(file);
}

/* A line that does not parse; after MAX_MALFORMED of them, one finding says so. */
static void report_malformed(struct checker *c, size_t line_at, size_t line_len,
			     const struct line_error *e)
{
	if (c->malformed++ > MAX_MALFORMED)
		return;
	if (c->malformed > MAX_MALFORMED) {
		report_in_sum(c, line_at, line_at,
			      "more than %d malformed lines in %s; the rest are not reported: "
			      "run `schemagate sum --write` to rebuild it",
			      MAX_MALFORMED, SG_SUM_FILE);
		return;
	}
	report_in_sum(c, line_at + e->at, line_at + line_len,
		      "malformed line in %s: %s; run `schemagate sum --write` to rebuild it",
		      SG_SUM_FILE, e->msg);
}

/* The line listing file `e` records `recorded`: does the file still match it? */
static int check_file(struct checker *c, struct entry *e, int lineno,
		      const unsigned char recorded[SG_SHA256_RAWSZ])
{
	unsigned char got[SG_SHA256_RAWSZ];
	struct file_digest d;
	char *shown;
	int rc = digest_file(c->t, e->file, &d);

	if (rc < 0)
		return rc;
	e->line = lineno;
	chain(c->recorded, &d, got);
	if (memcmp(got, recorded, sizeof(got)) && memcmp(c->truth, c->recorded, sizeof(got)))
		chain(c->truth, &d, got);
	if (!memcmp(got, recorded, sizeof(got))) {
		memcpy(c->truth, recorded, sizeof(got));
		return 0;
	}
	chain(c->truth, &d, c->truth);
	shown = shown_path(e->file->path);
	if (c->pristine)
		report_in_file(c, e->file->path,
			       "%s was edited after %s was written: it no longer matches line %d of "
			       "the sum", shown, SG_SUM_FILE, lineno);
	else
		report_in_file(c, e->file->path,
			       "%s does not match line %d of %s: the file, or that line of the sum, "
			       "was changed after the sum was written", shown, lineno, SG_SUM_FILE);
	free(shown);
	return 0;
}

/*
 * One line after the header, at s[at] (`len` bytes without the line
 * end). A line that does not parse is reported unless `quiet` (a first
 * line already reported as a missing header).
 */
static int check_line(struct checker *c, const char *s, size_t at, size_t len, int lineno,
		      bool quiet)
{
	unsigned char recorded[SG_SHA256_RAWSZ];
	sbuf path = SBUF_INIT;
	struct line_error e = { 0, NULL };
	struct entry *hit = NULL;
	char *shown = NULL;
	int rc = 0;

	if (!parse_line(s + at, len, &path, recorded, &e)) {
		if (!quiet)
			report_malformed(c, at, len, &e);
		goto out;
	}
	if (strlen(path.buf) == path.len)
		hit = lookup(c, path.buf);
	if (!strcmp(path.buf, SG_SUM_FILE)) {
		report_in_sum(c, at, at + len, "%s lists itself; run `schemagate sum --write` to "
			      "rebuild it", SG_SUM_FILE);
	} else if (!hit) {
		shown = shown_path(path.buf);
		report_in_sum(c, at, at + len,
			      "%s is listed in %s but is not in the directory: it was removed or "
			      "renamed after the sum was written", shown, SG_SUM_FILE);
	} else if (hit->line) {
		shown = shown_path(path.buf);
		report_in_sum(c, at, at + len, "%s is listed twice in %s (first on line %d)", shown,
			      SG_SUM_FILE, hit->line);
	} else {
		rc = check_file(c, hit, lineno, recorded);
	}
	memcpy(c->recorded, recorded, sizeof(recorded));
out:
	free(shown);
	sbuf_release(&path);
	return rc;
}

/* The line at `at`: its length without the line end, and where the next one starts. */
static size_t line_len(const char *s, size_t at, size_t len, size_t *next)
{
	const char *nl = memchr(s + at, '\n', len - at);
	size_t end = nl ? (size_t)(nl - s) : len;

	*next = nl ? end + 1 : len;
	if (end > at && s[end - 1] == '\r')
		end--;
	return end - at;
}

/* Whether the lines from `at` on hash to `want`, each counted with a '\n' end. */
static bool body_matches(const char *s, size_t at, size_t len,
			 const unsigned char want[SG_SHA256_RAWSZ])
{
	unsigned char got[SG_SHA256_RAWSZ];
	sg_sha256_ctx *h = sg_sha256_new();
	size_t next, n;

	for (; at < len; at = next) {
		n = line_len(s, at, len, &next);
		sg_sha256_update(h, s + at, n);
		sg_sha256_update(h, "\n", 1);
	}
	sg_sha256_final(h, got);
	return !memcmp(got, want, sizeof(got));
}

/*
 * The header, the first line of `s` (`n` bytes): returns 1 and sets
 * c->pristine when it is one, 0 when the first line is not a header at
 * all (then it may be a file's line).
 */
static int check_header(struct checker *c, const char *s, size_t n, size_t body, size_t len)
{
	unsigned char want[SG_SHA256_RAWSZ];
	size_t p = strlen(HASH_PREFIX);

	if (n < p || memcmp(s, HASH_PREFIX, p)) {
		report_in_sum(c, 0, n,
			      "%s must begin with its header line 'h1:<hash>'; run "
			      "`schemagate sum --write` to rebuild it", SG_SUM_FILE);
		return 0;
	}
	if (!decode_hash(s + p, n - p, want)) {
		report_in_sum(c, p, n,
			      "the header of %s is not a SHA-256 in base64 (44 characters ending "
			      "with '='); run `schemagate sum --write` to rebuild it", SG_SUM_FILE);
	} else if (body_matches(s, body, len, want)) {
		c->pristine = true;
	} else {
		report_in_sum(c, 0, n,
			      "%s was edited by hand or merged: its header does not match the lines "
			      "below it; check the migrations, then run `schemagate sum --write`",
			      SG_SUM_FILE);
	}
	return 1;
}

static int check_lines(struct checker *c, const char *s, size_t len)
{
	size_t at = 0, next, n;
	int lineno = 1, rc = 0;
	bool has_header;

	if (!len) {
		report_in_sum(c, 0, 0, "%s is empty; run `schemagate sum --write` to rebuild it",
			      SG_SUM_FILE);
		return 0;
	}
	n = line_len(s, 0, len, &next);
	has_header = check_header(c, s, n, next, len);
	if (has_header)
		at = next, lineno++;
	for (; at < len && rc == 0; at = next, lineno++) {
		n = line_len(s, at, len, &next);
		rc = check_line(c, s, at, n, lineno, !has_header && lineno == 1);
	}
	return rc;
}

/* Files of the directory that no line listed, in migration order. */
static void report_added(struct checker *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++) {
		char *shown;

		if (c->files[i].line)
			continue;
		shown = shown_path(c->files[i].file->path);
		report_in_file(c, c->files[i].file->path,
			       "%s is not in %s: it was added after the sum was written", shown,
			       SG_SUM_FILE);
		free(shown);
	}
}

int sg_sum_check(sg_tree *t, sg_report *r)
{
	sg_tree_file *sum = find_sum_file(t);
	struct checker c;
	const char *data;
	size_t len;
	int rc;

	if (!sum)
		return sg_error_set(SG_ENOTFOUND,
				    "no %s in '%s': run `schemagate sum --write` to create it, "
				    "then commit it", SG_SUM_FILE, t->dir && *t->dir ? t->dir : ".");
	rc = sg_tree_read(t, sum, &data, &len);
	if (rc < 0)
		return rc;
	checker_init(&c, t, r, data, len);
	rc = check_lines(&c, data, len);
	if (rc == 0)
		report_added(&c);
	checker_release(&c);
	return rc;
}

/* ------------------------------------------------------------------ write */

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Replace `path` with `data` all at once: readers see the old file or the
 * new one, never half of it. The temporary file is hidden, so a crash
 * leaves nothing a tree walk would see.
 */
static int write_atomic(const char *dir, const char *path, const char *data, size_t len)
{
	sbuf tmp = SBUF_INIT;
	mode_t mask = umask(0);
	int fd, rc = 0;

	umask(mask);
	sbuf_addf(&tmp, "%s/.%s.XXXXXX", dir, SG_SUM_FILE);
	if ((fd = mkstemp(tmp.buf)) < 0) {
		rc = sg_error_set(SG_ERROR, "cannot create a file in '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		rc = sg_error_set(SG_ERROR, "cannot write '%s': %s", tmp.buf, strerror(errno));
		close(fd);
	} else if (close(fd) < 0) {
		rc = sg_error_set(SG_ERROR, "cannot write '%s': %s", tmp.buf, strerror(errno));
	} else if (rename(tmp.buf, path) < 0) {
		rc = sg_error_set(SG_ERROR, "cannot replace '%s': %s", path, strerror(errno));
	}
	if (rc < 0)
		unlink(tmp.buf);
out:
	sbuf_release(&tmp);
	return rc;
}

int sg_sum_write(sg_tree *t, bool *changed)
{
	sbuf text = SBUF_INIT, path = SBUF_INIT;
	sg_tree_file *old = find_sum_file(t);
	const char *data;
	size_t len;
	int rc;

	if (changed)
		*changed = false;
	if (!t->base)
		return sg_error_set(SG_EINVALID, "%s can only be written to a directory on disk",
				    SG_SUM_FILE);
	rc = sg_sum_render(t, &text);
	if (rc < 0)
		goto out;
	if (old && sg_tree_read(t, old, &data, &len) == 0 && len == text.len &&
	    !memcmp(data, text.buf, len))
		goto out;
	sbuf_addf(&path, "%s/%s", t->base, SG_SUM_FILE);
	rc = write_atomic(t->base, path.buf, text.buf, text.len);
	if (rc == 0 && changed)
		*changed = true;
out:
	sbuf_release(&text);
	sbuf_release(&path);
	return rc;
}
