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
/*
 * The same, shown as a connection to database `dbname` of that server: a
 * URL gets it as its path, a key=value string a trailing dbname=.
 */
char *sg_redact_conninfo_dbname(const char *conninfo, const char *dbname);
/*
 * `msg` with every password that `conninfo` holds hidden wherever it
 * appears: libpq quotes what it cannot parse of a connection string, the
 * password included ("invalid percent-encoded token: ..."). Owned by the caller.
 */
char *sg_redact_message(const char *msg, const char *conninfo);

#endif
