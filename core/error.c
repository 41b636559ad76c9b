/*
 * The last-error slot (see error.h), one per thread: the message is read
 * right after the failing call returns, on the thread that called it, and
 * threads that work side by side (core/task.h, gate/prefetch.c) must not
 * overwrite each other's.
 */
#include "core/error.h"
#include "core/sbuf.h"

#include <stdarg.h>

static _Thread_local sbuf last = SBUF_INIT;

/* The message is built apart, so it may quote the one it replaces. */
int sg_error_set(int code, const char *fmt, ...)
{
	sbuf msg = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sbuf_release(&last);
	last = msg;
	return code;
}

const char *sg_error_last(void)
{
	return last.buf;
}

void sg_error_release(void)
{
	sbuf_release(&last);
}
