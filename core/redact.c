/* Passwords out of connection strings (see redact.h). */
#include "core/redact.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#define HIDDEN "***"

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
static void redact_url(sbuf *out, const char *s)
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
		sbuf_adds(out, HIDDEN);
		p = at;
	} else {
		p = scheme_end;
	}
	sbuf_add(out, p, (size_t)(authority_end - p));
	for (p = authority_end; *p;) {
		size_t n = strcspn(p, "&?#="), value;

		if (p[n] == '=' && key_is(p, n, "password")) {
			sbuf_add(out, p, n + 1);
			sbuf_adds(out, HIDDEN);
			value = strcspn(p + n + 1, "&#");
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

static void redact_pairs(sbuf *out, const char *s)
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
			sbuf_adds(out, HIDDEN);
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
static char *hide_leftovers(const char *s)
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
		sbuf_adds(&out, HIDDEN);
		if (!strncmp(v, HIDDEN, strlen(HIDDEN)))
			p = v + strlen(HIDDEN);
		else if (*v == '\'')
			p = value_end(v);
		else
			p = v + strcspn(v, "&# \t\n\r\f\v");
	}
	return sbuf_detach(&out);
}

char *sg_redact_conninfo(const char *conninfo)
{
	sbuf out = SBUF_INIT;
	char *hidden;

	if (!conninfo)
		return xstrdup("");
	if (is_url(conninfo))
		redact_url(&out, conninfo);
	else
		redact_pairs(&out, conninfo);
	hidden = hide_leftovers(out.buf);
	sbuf_release(&out);
	return hidden;
}
