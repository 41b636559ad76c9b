/* Passwords out of connection strings (see redact.h). */
#include "core/redact.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define HIDDEN "***"

/* The secrets a redaction hid, when the caller wants them (sg_redact_message). */
struct secrets {
	char **items; /* owned */
	size_t nr, alloc;
};

/* Note the secret s[0, len) in `found` (may be NULL). */
static void note(struct secrets *found, const char *s, size_t len)
{
	if (found && len)
		*VEC_PUSH(found->items, found->nr, found->alloc) = xstrndup(s, len);
}

/* Write HIDDEN in place of the secret s[0, len). */
static void hide(sbuf *out, struct secrets *found, const char *s, size_t len)
{
	sbuf_adds(out, HIDDEN);
	note(found, s, len);
}

static bool is_url(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11) ||
	       !strncmp(s, "mysql://", 8) || !strncmp(s, "mariadb://", 10);
}

static bool key_is(const char *key, size_t len, const char *name)
{
	return len == strlen(name) && !strncasecmp(key, name, len);
}

/* URL: user:secret@ and ?password=secret&... */
static void redact_url(sbuf *out, const char *s, struct secrets *found)
{
	const char *scheme_end = strstr(s, "://") + 3;
	const char *authority_end = scheme_end + strcspn(scheme_end, "/?#");
	const char *at = NULL, *p, *colon;

	for (p = scheme_end; p < authority_end; p++)
		if (*p == '@')
			at = p; /* the last '@' ends the user information */
	sbuf_add(out, s, (size_t)(scheme_end - s));
	colon = at ? memchr(scheme_end, ':', (size_t)(at - scheme_end)) : NULL;
	if (colon) {
		sbuf_add(out, scheme_end, (size_t)(colon - scheme_end) + 1);
		hide(out, found, colon + 1, (size_t)(at - colon - 1));
		p = at;
	} else {
		p = scheme_end;
	}
	sbuf_add(out, p, (size_t)(authority_end - p));
	for (p = authority_end; *p;) {
		size_t n = strcspn(p, "&?#="), value;

		if (p[n] == '=' && key_is(p, n, "password")) {
			sbuf_add(out, p, n + 1);
			value = strcspn(p + n + 1, "&#");
			hide(out, found, p + n + 1, value);
			p += n + 1 + value;
			continue;
		}
		sbuf_add(out, p, n + (p[n] != '\0'));
		p += n + (p[n] != '\0');
	}
}

/* The end of a key=value value: quoted with '' and backslash escapes, or up to a space. */
static const char *value_end(const char *v)
{
	if (*v != '\'') {
		while (*v && !isspace((unsigned char)*v))
			v++;
		return v;
	}
	for (v++; *v && *v != '\''; v++)
		if (*v == '\\' && v[1])
			v++;
	return *v ? v + 1 : v;
}

/* A quoted value is also noted without its quotes, as libpq quotes it in a message. */
static void hide_pair_value(sbuf *out, struct secrets *found, const char *v, const char *end)
{
	hide(out, found, v, (size_t)(end - v));
	if (*v == '\'' && end - v >= 2 && end[-1] == '\'')
		note(found, v + 1, (size_t)(end - v - 2));
}

static void redact_pairs(sbuf *out, const char *s, struct secrets *found)
{
	const char *p = s;

	while (*p) {
		const char *key = p, *eq, *v, *end;
		size_t klen;

		while (*p && isspace((unsigned char)*p))
			sbuf_addch(out, *p++);
		key = p;
		while (*p && *p != '=' && !isspace((unsigned char)*p))
			p++;
		klen = (size_t)(p - key);
		eq = p;
		while (*eq && isspace((unsigned char)*eq))
			eq++;
		if (*eq != '=') {
			sbuf_add(out, key, (size_t)(eq - key));
			p = eq;
			continue;
		}
		v = eq + 1;
		while (*v && isspace((unsigned char)*v))
			v++;
		end = value_end(v);
		sbuf_add(out, key, (size_t)(v - key));
		if (key_is(key, klen, "password"))
			hide_pair_value(out, found, v, end);
		else
			sbuf_add(out, v, (size_t)(end - v));
		p = end;
	}
}

/*
 * Whatever the parse made of it, "password = VALUE" anywhere is hidden:
 * libpq reads "host= password=x" as a host named "password=x", but the
 * person who wrote it meant a password.
 */
static char *hide_leftovers(const char *s, struct secrets *found)
{
	sbuf out = SBUF_INIT;
	const char *p = s;

	while (*p) {
		const char *v;

		if (strncasecmp(p, "password", 8)) {
			sbuf_addch(&out, *p++);
			continue;
		}
		for (v = p + 8; isspace((unsigned char)*v); v++)
			;
		if (*v != '=') {
			sbuf_add(&out, p, 8);
			p += 8;
			continue;
		}
		for (v++; isspace((unsigned char)*v); v++)
			;
		sbuf_add(&out, p, (size_t)(v - p));
		if (!strncmp(v, HIDDEN, strlen(HIDDEN))) {
			sbuf_adds(&out, HIDDEN);
			p = v + strlen(HIDDEN);
			continue;
		}
		p = *v == '\'' ? value_end(v) : v + strcspn(v, "&# \t\n\r\f\v");
		hide(&out, found, v, (size_t)(p - v));
	}
	return sbuf_detach(&out);
}

static char *redact(const char *conninfo, struct secrets *found)
{
	sbuf out = SBUF_INIT;
	char *hidden;

	if (!conninfo)
		return xstrdup("");
	if (is_url(conninfo))
		redact_url(&out, conninfo, found);
	else
		redact_pairs(&out, conninfo, found);
	hidden = hide_leftovers(out.buf, found);
	sbuf_release(&out);
	return hidden;
}

char *sg_redact_conninfo(const char *conninfo)
{
	return redact(conninfo, NULL);
}

/* Every occurrence of `secret` in `s` hidden; the result replaces s (freed). */
static char *hide_everywhere(char *s, const char *secret)
{
	sbuf out = SBUF_INIT;
	size_t len = strlen(secret);
	const char *p = s, *hit;

	for (hit = strstr(p, secret); hit; hit = strstr(p, secret)) {
		sbuf_add(&out, p, (size_t)(hit - p));
		sbuf_adds(&out, HIDDEN);
		p = hit + len;
	}
	sbuf_adds(&out, p);
	free(s);
	return sbuf_detach(&out);
}

static int longer_first(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

char *sg_redact_message(const char *msg, const char *conninfo)
{
	struct secrets found = { NULL, 0, 0 };
	char *out = xstrdup(msg ? msg : "");
	size_t i;

	free(redact(conninfo, &found));
	if (found.nr)
		qsort(found.items, found.nr, sizeof(*found.items), longer_first);
	for (i = 0; i < found.nr; i++) {
		out = hide_everywhere(out, found.items[i]);
		free(found.items[i]);
	}
	free(found.items);
	return out;
}

/* A key=value value, quoted when it must be. */
static void add_pair_value(sbuf *out, const char *v)
{
	if (*v && !v[strcspn(v, " \t\n\r\f\v'\\")]) {
		sbuf_adds(out, v);
		return;
	}
	sbuf_addch(out, '\'');
	for (; *v; v++) {
		if (*v == '\'' || *v == '\\')
			sbuf_addch(out, '\\');
		sbuf_addch(out, *v);
	}
	sbuf_addch(out, '\'');
}

char *sg_redact_conninfo_dbname(const char *conninfo, const char *dbname)
{
	char *hidden = sg_redact_conninfo(conninfo);
	sbuf out = SBUF_INIT;

	if (is_url(hidden)) {
		const char *authority = strstr(hidden, "://") + 3;
		const char *path = authority + strcspn(authority, "/?#");

		sbuf_add(&out, hidden, (size_t)(path - hidden));
		sbuf_addch(&out, '/');
		sbuf_adds(&out, dbname);
		sbuf_adds(&out, path + strcspn(path, "?#"));
	} else {
		sbuf_adds(&out, hidden);
		sbuf_adds(&out, *hidden ? " dbname=" : "dbname=");
		add_pair_value(&out, dbname);
	}
	free(hidden);
	return sbuf_detach(&out);
}
