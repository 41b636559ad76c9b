/*
 * The last-error slot (see error.h). One slot is enough: the tool is single
 * threaded where errors are raised, and the message is read right after the
 * failing call returns.
 */
#include "core/error.h"
#include "core/sbuf.h"

#include <stdarg.h>

static sbuf last = SBUF_INIT;

int sg_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	sbuf_reset(&last);
	va_start(ap, fmt);
	sbuf_vaddf(&last, fmt, ap);
	va_end(ap);
	return code;
}

const char *sg_error_last(void)
{
	return last.buf;
}
