/* Messages to the user from gate/: one format, on standard error. */
#include "gate/cmd.h"

#include <stdarg.h>
#include <stdio.h>

int sg_die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("schemagate: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return SG_EXIT_USAGE;
}
