#ifndef SG_SBUF_H
#define SG_SBUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated string (git's strbuf semantics).
 * `buf` is never NULL: an empty sbuf points at a shared empty string until
 * something is added, so `sb.buf` can always be printed.
 */
typedef struct sbuf {
	char *buf; /* owned unless it is the shared empty string */
	size_t len;
	size_t alloc;
} sbuf;

extern char sbuf_empty[];
#define SBUF_INIT { sbuf_empty, 0, 0 }

void sbuf_init(sbuf *sb);
void sbuf_release(sbuf *sb);
void sbuf_reset(sbuf *sb);
/* Hand the string to the caller, who frees it; the sbuf is left empty. */
char *sbuf_detach(sbuf *sb);
void sbuf_grow(sbuf *sb, size_t extra);
void sbuf_add(sbuf *sb, const char *data, size_t len);
void sbuf_adds(sbuf *sb, const char *s);
void sbuf_addch(sbuf *sb, char c);
void sbuf_addf(sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vaddf(sbuf *sb, const char *fmt, va_list ap);

#endif
