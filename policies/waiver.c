/* Reading and matching waivers (see waiver.h). */
#include "policies/waiver.h"
#include "policies/ydoc.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/source.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WAIVER_BYTES ((size_t)4 << 20)

/* Days from the civil date (Howard Hinnant's algorithm): no time zone can move it. */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long sg_parse_day(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;
	bool leap;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' ||
	    s[7] != '-' || y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	return days_from_civil(y, m, d);
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool matches(const sg_waiver *wv, const sg_check *c)
{
	if (!is_glob(wv->check))
		return !strcmp(wv->check, c->id);
	return !c->mandatory && fnmatch(wv->check, c->id, 0) == 0;
}

static int get_text(const sg_ydoc *d, int map, const char *key, bool required, char **out)
{
	int n = sg_ydoc_get(d, map, key);
	const char *s = sg_ydoc_scalar(d, n);

	if (!n && !required)
		return 0;
	if (!n)
		return sg_ydoc_fail(d, map, "a waiver needs '%s'", key);
	if (sg_ydoc_kind(d, n) != SG_Y_SCALAR || !*s)
		return sg_ydoc_fail(d, n, "'%s' must be a non-empty single value", key);
	*out = xstrdup(s);
	return 0;
}

static int check_target(const sg_ydoc *d, int node, const sg_waiver *wv, const sg_policy_packs *p)
{
	size_t i;
	bool any = false;

	for (i = 0; i < p->nr_checks; i++) {
		const sg_check *c = &p->checks[i];
		if (!is_glob(wv->check) && !strcmp(c->id, wv->check) && c->mandatory)
			return sg_ydoc_fail(d, node, "check '%s' is mandatory: it cannot be waived; fix what it "
						     "reports instead", c->id);
		if (matches(wv, c))
			any = true;
	}
	if (!any)
		return sg_ydoc_fail(d, node, "no check of the packs being run is named '%s'%s", wv->check,
				    is_glob(wv->check) ? " (or the pattern matches only mandatory checks)" : "");
	return 0;
}

static int parse_waiver(const sg_ydoc *d, int node, sg_waiver *wv, const sg_policy_packs *p)
{
	static const char *const keys[] = { "check", "reason", "ticket", "approver", "expires", NULL };
	char *expires = NULL;
	int rc, n;

	if ((rc = sg_ydoc_check_keys(d, node, "a waiver", keys)) < 0)
		return rc;
	if ((rc = get_text(d, node, "check", true, &wv->check)) < 0 ||
	    (rc = get_text(d, node, "reason", true, &wv->reason)) < 0 ||
	    (rc = get_text(d, node, "ticket", false, &wv->ticket)) < 0 ||
	    (rc = get_text(d, node, "approver", false, &wv->approver)) < 0)
		return rc;
	n = sg_ydoc_get(d, node, "check");
	wv->where.line = sg_ydoc_line(d, n);
	wv->where.column = sg_ydoc_column(d, n);
	if (!wv->ticket && !wv->approver)
		return sg_ydoc_fail(d, node, "a waiver needs a 'ticket' or an 'approver'");
	if ((rc = get_text(d, node, "expires", true, &expires)) < 0)
		return rc;
	wv->expires = sg_parse_day(expires);
	if (wv->expires >= 0)
		memcpy(wv->expires_text, expires, 10);
	free(expires);
	if (wv->expires < 0)
		return sg_ydoc_fail(d, sg_ydoc_get(d, node, "expires"),
				    "'expires' must be a date written YYYY-MM-DD (the last day the waiver applies)");
	return check_target(d, n, wv, p);
}

static void waiver_release(sg_waiver *wv)
{
	free(wv->check);
	free(wv->reason);
	free(wv->ticket);
	free(wv->approver);
}

static int parse_waivers(sg_waivers *w, const sg_ydoc *d, const sg_policy_packs *p)
{
	static const char *const keys[] = { "waivers", NULL };
	int root = sg_ydoc_root(d), list, rc;
	size_t i, n;

	if (!root)
		return sg_error_set(SG_EINVALID, "%s:1:1: the waiver file is empty (write 'waivers: []')", w->file);
	if ((rc = sg_ydoc_check_keys(d, root, "the waiver file", keys)) < 0)
		return rc;
	list = sg_ydoc_get(d, root, "waivers");
	if (sg_ydoc_kind(d, list) != SG_Y_SEQ)
		return sg_ydoc_fail(d, list ? list : root, "'waivers' must be a list");
	n = sg_ydoc_size(d, list);
	w->v = xcalloc(n + 1, sizeof(*w->v));
	for (i = 0; i < n; i++) {
		sg_waiver *wv = &w->v[w->n++];
		wv->where.file = w->file;
		if ((rc = parse_waiver(d, sg_ydoc_item(d, list, i), wv, p)) < 0)
			return rc;
	}
	return 0;
}

int sg_waivers_load(sg_waivers *w, const char *path, const sg_policy_packs *p)
{
	sg_ydoc *d = NULL;
	char *data = NULL;
	size_t len;
	int rc;

	w->file = xstrdup(path);
	if (sg_read_file(path, MAX_WAIVER_BYTES, &data, &len) < 0)
		return sg_error_set(SG_ENOTFOUND, "cannot read the waiver file '%s': %s", path, sg_error_last());
	rc = sg_ydoc_load(&d, path, data, len);
	if (rc == 0)
		rc = parse_waivers(w, d, p);
	sg_ydoc_free(d);
	free(data);
	return rc;
}

const sg_waiver *sg_waivers_find(const sg_waivers *w, const sg_check *c, long today)
{
	size_t i;

	for (i = 0; w && i < w->n; i++)
		if (matches(&w->v[i], c) && w->v[i].expires >= today)
			return &w->v[i];
	return NULL;
}

void sg_waivers_release(sg_waivers *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		waiver_release(&w->v[i]);
	free(w->v);
	free(w->file);
	memset(w, 0, sizeof(*w));
}
