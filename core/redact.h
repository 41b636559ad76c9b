#ifndef SG_REDACT_H
#define SG_REDACT_H

/*
 * Passwords never reach any output: every message and report that names a
 * database shows its connection string through this. Both libpq forms are
 * understood: URLs (postgresql://user:secret@host/db?password=secret) and
 * key=value strings (host=db password='se cret'). The result is owned by
 * the caller; anything that does not parse is kept but a password value is
 * still hidden, since a wrong guess must never show a secret.
 */
char *sg_redact_conninfo(const char *conninfo);

#endif
