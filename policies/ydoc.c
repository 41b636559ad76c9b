/* YAML documents as trees with positions (see ydoc.h). */
#include "policies/ydoc.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

struct sg_ydoc {
	yaml_document_t doc;
	char *name; /* owned */
	bool loaded;
};

static yaml_node_t *node_at(const sg_ydoc *d, int node)
{
	if (!d || node <= 0)
		return NULL;
	return yaml_document_get_node((yaml_document_t *)&d->doc, node);
}

int sg_ydoc_load(sg_ydoc **out, const char *name, const char *data, size_t len)
{
	sg_ydoc *d = xcalloc(1, sizeof(*d));
	yaml_parser_t parser;
	int rc = 0;

	d->name = xstrdup(name);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		rc = sg_error_set(SG_EINVALID, "%s:%zu:%zu: invalid YAML: %s%s%s", name,
				  parser.problem_mark.line + 1, parser.problem_mark.column + 1,
				  parser.problem ? parser.problem : "cannot be read",
				  parser.context ? " " : "", parser.context ? parser.context : "");
	} else {
		d->loaded = true;
	}
	yaml_parser_delete(&parser);
	if (rc < 0) {
		sg_ydoc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void sg_ydoc_free(sg_ydoc *d)
{
	if (!d)
		return;
	if (d->loaded)
		yaml_document_delete(&d->doc);
	free(d->name);
	free(d);
}

int sg_ydoc_root(const sg_ydoc *d)
{
	return node_at(d, 1) ? 1 : 0;
}

static bool is_null_scalar(const yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;

	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

enum sg_ykind sg_ydoc_kind(const sg_ydoc *d, int node)
{
	yaml_node_t *n = node_at(d, node);

	if (!n)
		return SG_Y_NONE;
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return is_null_scalar(n) ? SG_Y_NULL : SG_Y_SCALAR;
	case YAML_SEQUENCE_NODE:
		return SG_Y_SEQ;
	case YAML_MAPPING_NODE:
		return SG_Y_MAP;
	default:
		return SG_Y_NONE;
	}
}

const char *sg_ydoc_scalar(const sg_ydoc *d, int node)
{
	yaml_node_t *n = node_at(d, node);

	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

size_t sg_ydoc_size(const sg_ydoc *d, int node)
{
	yaml_node_t *n = node_at(d, node);

	if (n && n->type == YAML_SEQUENCE_NODE)
		return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (n && n->type == YAML_MAPPING_NODE)
		return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	return 0;
}

int sg_ydoc_item(const sg_ydoc *d, int seq, size_t i)
{
	yaml_node_t *n = node_at(d, seq);

	return i < sg_ydoc_size(d, seq) && n->type == YAML_SEQUENCE_NODE ? n->data.sequence.items.start[i] : 0;
}

int sg_ydoc_key(const sg_ydoc *d, int map, size_t i)
{
	yaml_node_t *n = node_at(d, map);

	return i < sg_ydoc_size(d, map) && n->type == YAML_MAPPING_NODE ? n->data.mapping.pairs.start[i].key : 0;
}

int sg_ydoc_value(const sg_ydoc *d, int map, size_t i)
{
	yaml_node_t *n = node_at(d, map);

	return i < sg_ydoc_size(d, map) && n->type == YAML_MAPPING_NODE ? n->data.mapping.pairs.start[i].value : 0;
}

int sg_ydoc_get(const sg_ydoc *d, int map, const char *key)
{
	size_t i, n = sg_ydoc_size(d, map);

	if (sg_ydoc_kind(d, map) != SG_Y_MAP)
		return 0;
	for (i = 0; i < n; i++) {
		const char *k = sg_ydoc_scalar(d, sg_ydoc_key(d, map, i));
		if (k && !strcmp(k, key))
			return sg_ydoc_value(d, map, i);
	}
	return 0;
}

int sg_ydoc_line(const sg_ydoc *d, int node)
{
	yaml_node_t *n = node_at(d, node);

	return n ? (int)n->start_mark.line + 1 : 1;
}

int sg_ydoc_column(const sg_ydoc *d, int node)
{
	yaml_node_t *n = node_at(d, node);

	return n ? (int)n->start_mark.column + 1 : 1;
}

int sg_ydoc_fail(const sg_ydoc *d, int node, const char *fmt, ...)
{
	sbuf msg = SBUF_INIT;
	va_list ap;

	sbuf_addf(&msg, "%s:%d:%d: ", d->name, sg_ydoc_line(d, node), sg_ydoc_column(d, node));
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sg_error_set(SG_EINVALID, "%s", msg.buf);
	sbuf_release(&msg);
	return SG_EINVALID;
}

static bool is_known(const char *key, const char *const *known)
{
	for (; *known; known++)
		if (!strcmp(key, *known))
			return true;
	return false;
}

int sg_ydoc_check_keys(const sg_ydoc *d, int map, const char *what, const char *const *known)
{
	size_t i, j, n = sg_ydoc_size(d, map);

	if (sg_ydoc_kind(d, map) != SG_Y_MAP)
		return sg_ydoc_fail(d, map, "%s must be a mapping of keys to values", what);
	for (i = 0; i < n; i++) {
		int key = sg_ydoc_key(d, map, i);
		const char *k = sg_ydoc_scalar(d, key);
		sbuf list = SBUF_INIT;
		const char *const *p;
		int rc;

		if (!k)
			return sg_ydoc_fail(d, key, "a key of %s must be a plain name", what);
		for (j = 0; j < i; j++) {
			const char *prev = sg_ydoc_scalar(d, sg_ydoc_key(d, map, j));
			if (prev && !strcmp(prev, k))
				return sg_ydoc_fail(d, key, "'%s' appears twice in %s", k, what);
		}
		if (is_known(k, known))
			continue;
		for (p = known; *p; p++)
			sbuf_addf(&list, "%s%s", p == known ? "" : ", ", *p);
		rc = sg_ydoc_fail(d, key, "unknown key '%s' in %s (known: %s)", k, what, list.buf);
		sbuf_release(&list);
		return rc;
	}
	return 0;
}
