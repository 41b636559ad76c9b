/* Finding fingerprints (see fingerprint.h). */
#include "gate/fingerprint.h"
#include "core/sbuf.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "migrate/hash.h"

#include <stdint.h>
#include <string.h>

/*
 * Some messages name lines ("BEGIN at line 12"): numbers are left out of
 * the identity so that it survives edits above the finding.
 */
static void add_without_numbers(sbuf *id, const char *message)
{
	const char *p;

	for (p = message; *p; p++)
		if (*p < '0' || *p > '9')
			sbuf_addch(id, *p);
		else if (p == message || p[-1] < '0' || p[-1] > '9')
			sbuf_addch(id, '#');
	sbuf_addch(id, '\0');
}

char *sg_fingerprints(const sg_report *r)
{
	char *out = xmalloc(r->nr * SG_FINGERPRINT_SIZE + 1);
	sg_strmap seen = SG_STRMAP_INIT; /* identity -> how many so far */
	sbuf id = SBUF_INIT;
	size_t i;

	for (i = 0; i < r->nr; i++) {
		const sg_finding *f = &r->findings[i];
		unsigned char raw[SG_SHA256_RAWSZ];
		void *count = NULL;

		sbuf_reset(&id);
		sbuf_addf(&id, "%s%c%s%c", f->rule, 0, f->file, 0);
		add_without_numbers(&id, f->message);
		/* Identical findings are counted under the hash of their identity. */
		sg_sha256(id.buf, id.len, raw);
		sg_hex(raw, sizeof(raw), out + i * SG_FINGERPRINT_SIZE);
		sg_strmap_get(&seen, out + i * SG_FINGERPRINT_SIZE, &count);
		sg_strmap_put(&seen, out + i * SG_FINGERPRINT_SIZE, (void *)((uintptr_t)count + 1));
		sbuf_addf(&id, "%zu", (size_t)(uintptr_t)count);
		sg_sha256(id.buf, id.len, raw);
		sg_hex(raw, sizeof(raw), out + i * SG_FINGERPRINT_SIZE);
	}
	sbuf_release(&id);
	sg_strmap_clear(&seen);
	return out;
}
