#ifndef SG_YDOC_H
#define SG_YDOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A YAML document as a tree (libyaml's document loader), for the policy
 * and waiver files: small files read as a whole, walked by key, where every
 * mistake must be reported at its line and column. Nodes are ids into the
 * document (0 = none); every string is borrowed from the document.
 */
typedef struct sg_ydoc sg_ydoc;

enum sg_ykind { SG_Y_NONE, SG_Y_NULL, SG_Y_SCALAR, SG_Y_SEQ, SG_Y_MAP };

/* Parse `data`; `name` is how messages name the file. SG_EINVALID with "name:line:col: ..." when it is not YAML. */
int sg_ydoc_load(sg_ydoc **out, const char *name, const char *data, size_t len);
void sg_ydoc_free(sg_ydoc *d);
int sg_ydoc_root(const sg_ydoc *d);
/* A plain empty, `~` or `null` scalar is SG_Y_NULL. */
enum sg_ykind sg_ydoc_kind(const sg_ydoc *d, int node);
/* The text of a scalar, NULL for any other node. */
const char *sg_ydoc_scalar(const sg_ydoc *d, int node);
/* Items of a sequence, pairs of a mapping. */
size_t sg_ydoc_size(const sg_ydoc *d, int node);
int sg_ydoc_item(const sg_ydoc *d, int seq, size_t i);
int sg_ydoc_key(const sg_ydoc *d, int map, size_t i);
int sg_ydoc_value(const sg_ydoc *d, int map, size_t i);
/* The value under scalar key `key` of a mapping, 0 when absent. */
int sg_ydoc_get(const sg_ydoc *d, int map, const char *key);
/* 1-based position of a node. */
int sg_ydoc_line(const sg_ydoc *d, int node);
int sg_ydoc_column(const sg_ydoc *d, int node);
/* Set "name:line:col: message" for `node` and return SG_EINVALID. */
int sg_ydoc_fail(const sg_ydoc *d, int node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Check that a mapping's keys are scalars, appear once and are among
 * `known` (NULL-terminated); SG_EINVALID at the first that is not.
 */
int sg_ydoc_check_keys(const sg_ydoc *d, int map, const char *what, const char *const *known);

#endif
