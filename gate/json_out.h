#ifndef SG_JSON_OUT_H
#define SG_JSON_OUT_H

#include "core/sbuf.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * JSON output for the formats that print it (json, sarif), written by hand
 * rather than through cJSON: cJSON would copy every string into a tree
 * first, and it passes bytes that are not UTF-8 through unchanged.
 *
 * Here any byte that is not valid UTF-8 becomes U+FFFD, so the output is
 * always valid JSON even when a message quotes a file with broken encoding.
 */

/* Append the `len` bytes at `s` as one quoted JSON string. */
void sg_json_add_string_len(sbuf *out, const char *s, size_t len);
void sg_json_add_string(sbuf *out, const char *s);

/*
 * A writer that places the commas and, when `indent` is set, the line
 * breaks and indentation, so a format only says what comes in which order:
 * open, key, value, key, value, close. Keys come before every value inside
 * an object and never inside an array; nothing checks it.
 */
typedef struct sg_json {
	sbuf *out;       /* borrowed */
	int indent;      /* spaces per level; 0 writes everything on one line */
	int depth;
	bool need_comma; /* a value was written at this depth */
	bool after_key;  /* the next value completes a "key": pair */
} sg_json;

void sg_json_init(sg_json *j, sbuf *out, int indent);
void sg_json_open_object(sg_json *j);
void sg_json_close_object(sg_json *j);
void sg_json_open_array(sg_json *j);
void sg_json_close_array(sg_json *j);
void sg_json_key(sg_json *j, const char *key);
void sg_json_string(sg_json *j, const char *s);
void sg_json_string_len(sg_json *j, const char *s, size_t len);
void sg_json_int(sg_json *j, long long v);
/* The shortest form that reads back as `v`; null when `v` is not finite (JSON has no NaN). */
void sg_json_double(sg_json *j, double v);
void sg_json_bool(sg_json *j, bool v);

/* A key and its value in one call. */
void sg_json_key_string(sg_json *j, const char *key, const char *s);
void sg_json_key_int(sg_json *j, const char *key, long long v);
void sg_json_key_double(sg_json *j, const char *key, double v);
void sg_json_key_bool(sg_json *j, const char *key, bool v);

#endif
