/* Checksums through OpenSSL EVP (see hash.h). */
#include "migrate/hash.h"
#include "core/xalloc.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

struct sg_sha256_ctx {
	EVP_MD_CTX *md;
};

/* An EVP failure here means OpenSSL cannot run at all; there is no way on. */
static void check(int ok)
{
	if (!ok) {
		fputs("schemagate: fatal: OpenSSL digest failed\n", stderr);
		abort();
	}
}

/*
 * Digests need no provider configuration; reading openssl.cnf on first
 * use cost more than hashing a whole migration directory.
 */
static void init_once(void)
{
	static int done;

	if (!done)
		check(OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL));
	done = 1;
}

sg_sha256_ctx *sg_sha256_new(void)
{
	sg_sha256_ctx *c = xmalloc(sizeof(*c));

	init_once();
	c->md = EVP_MD_CTX_new();
	check(c->md && EVP_DigestInit_ex(c->md, EVP_sha256(), NULL));
	return c;
}

void sg_sha256_update(sg_sha256_ctx *c, const void *data, size_t len)
{
	check(EVP_DigestUpdate(c->md, data, len));
}

void sg_sha256_final(sg_sha256_ctx *c, unsigned char out[SG_SHA256_RAWSZ])
{
	check(EVP_DigestFinal_ex(c->md, out, NULL));
	EVP_MD_CTX_free(c->md);
	free(c);
}

void sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_RAWSZ])
{
	init_once();
	check(EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL));
}

void sg_git_blob_id(const void *data, size_t len, unsigned char out[20])
{
	char head[32];
	int n = snprintf(head, sizeof(head), "blob %zu", len);
	EVP_MD_CTX *md;

	init_once();
	md = EVP_MD_CTX_new();
	check(md && EVP_DigestInit_ex(md, EVP_sha1(), NULL));
	check(EVP_DigestUpdate(md, head, (size_t)n + 1));
	check(EVP_DigestUpdate(md, data, len));
	check(EVP_DigestFinal_ex(md, out, NULL));
	EVP_MD_CTX_free(md);
}

void sg_hex(const unsigned char *raw, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[2 * len] = '\0';
}
