/* The output formats by name: one line each, so adding a format is one line here. */
#include "gate/format.h"

#include <string.h>

static const struct {
	const char *name;
	sg_format_fn fn;
} formats[] = {
	{ "text", format_text },
	{ "json", format_json },
};

sg_format_fn sg_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name))
			return formats[i].fn;
	return NULL;
}
