/* The output formats by name: one line each, so adding a format is one line here. */
#include "gate/format.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	sg_format_fn fn;
} formats[] = {
	{ "text", format_text },
	{ "json", format_json },
	{ "sarif", format_sarif },
	{ "gitlab", format_gitlab },
	{ "junit", format_junit },
	{ "github", format_github },
	{ "markdown", format_markdown },
};

sg_format_fn sg_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].name, name))
			return formats[i].fn;
	return NULL;
}

const char *sg_format_names(void)
{
	/* Built once from the table, so a new format is listed with no second edit. */
	static char names[256];
	size_t i, len = 0;

	if (names[0])
		return names;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]) && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
					formats[i].name);
	return names;
}
