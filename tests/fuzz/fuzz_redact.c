/*
 * libFuzzer target over the connection-string redactor: any input, and
 * a password appended in both libpq forms must never survive.
 */
#include "core/redact.h"
#include "core/sbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SECRET "Zq9SECRETzq9"

static void must_hide(const char *conninfo)
{
	char *out = sg_redact_conninfo(conninfo);

	if (strstr(out, SECRET))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	sbuf kv = SBUF_INIT, url = SBUF_INIT;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	free(sg_redact_conninfo(s));
	/* A well-formed password after any well-formed prefix is always hidden. */
	if (!strstr(s, SECRET) && !strchr(s, '\'') && !strchr(s, '\\') && !strchr(s, '=') && !strchr(s, '@') &&
	    !strchr(s, '#') && !strchr(s, '?') && !strchr(s, '/') && !strchr(s, ':')) {
		sbuf_addf(&kv, "host=%s password=" SECRET, *s ? s : "x");
		must_hide(kv.buf);
		sbuf_addf(&url, "postgresql://u:" SECRET "@h/%s", s);
		must_hide(url.buf);
	}
	sbuf_release(&kv);
	sbuf_release(&url);
	free(s);
	return 0;
}
