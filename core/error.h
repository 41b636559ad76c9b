#ifndef SG_ERROR_H
#define SG_ERROR_H

/*
 * libgit2's error model: a fallible function returns 0 on success or a
 * negative SG_E* code, and sets the message once, where the failure is
 * detected. Callers pass the code up unchanged; gate/ prints the message.
 */
enum sg_error_code {
	SG_OK = 0,
	SG_ERROR = -1,     /* general failure */
	SG_ENOTFOUND = -2, /* file or object does not exist */
	SG_EINVALID = -3,  /* bad input from the user (flags, config) */
	SG_ETOOBIG = -4,   /* input over a size limit */
};

int sg_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last message set, or "" when none was. Borrowed until the next set. */
const char *sg_error_last(void);
/* Free this thread's message: a thread that may have set one calls it before it ends. */
void sg_error_release(void);

#endif
