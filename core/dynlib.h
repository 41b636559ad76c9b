#ifndef SG_DYNLIB_H
#define SG_DYNLIB_H

#include <stddef.h>

/*
 * A shared library opened when it is first needed, and the addresses of
 * the functions `names` in it (into `fns`, in order). The database client
 * libraries are loaded this way: libpq alone brings a dozen more (Kerberos,
 * LDAP, SASL, GnuTLS), which would cost every command milliseconds at start
 * even though only the commands that connect use them. `package` is the
 * Debian package to name when the library is missing. Returns 0, or
 * SG_ERROR with the message set.
 */
int sg_dynlib_open(const char *soname, const char *package, const char *const *names, void **fns, size_t n);

#endif
