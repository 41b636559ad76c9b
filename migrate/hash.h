#ifndef SG_HASH_H
#define SG_HASH_H

#include <stddef.h>

/*
 * Checksums, through OpenSSL's EVP interface (the one file that includes
 * it). SHA-256 for migration checksums and the integrity file; SHA-1 only
 * to name file contents the way git does, so a file on disk and a blob in
 * a commit compare without reading either twice.
 */
#define SG_SHA256_RAWSZ 32

typedef struct sg_sha256_ctx sg_sha256_ctx;

void sg_sha256(const void *data, size_t len, unsigned char out[SG_SHA256_RAWSZ]);
sg_sha256_ctx *sg_sha256_new(void);
void sg_sha256_update(sg_sha256_ctx *c, const void *data, size_t len);
/* Writes the digest and frees the context. */
void sg_sha256_final(sg_sha256_ctx *c, unsigned char out[SG_SHA256_RAWSZ]);

/* git's blob id of `data`: SHA-1 of "blob <len>\0" followed by the data. */
void sg_git_blob_id(const void *data, size_t len, unsigned char out[20]);

/* Lower-case hex of `len` bytes into `out` (2 * len + 1 bytes). */
void sg_hex(const unsigned char *raw, size_t len, char *out);

#endif
