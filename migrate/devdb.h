#ifndef SG_DEVDB_H
#define SG_DEVDB_H

/*
 * A throwaway PostgreSQL server for `--db auto`: initdb into a temporary
 * folder, started from the installed server binaries with fsync off on a
 * private unix socket (no port to collide with), as the unprivileged
 * `postgres` user when run as root. A keeper process owns the server and
 * the folder: it shuts the server down and removes the folder as soon as
 * this process stops it or dies, SIGKILL included, so nothing is left.
 */
typedef struct sg_devdb sg_devdb;

/* Start a server; 0, or <0 with a message (which binaries, the server's log). */
int sg_devdb_start(sg_devdb **out);
/* libpq connection string: "host=FOLDER port=5432 user=schemagate dbname=postgres". */
const char *sg_devdb_conninfo(const sg_devdb *d);
/* The folder the server lives in (removed by sg_devdb_stop). */
const char *sg_devdb_dir(const sg_devdb *d);
/* How long initdb and the start took, in seconds. */
double sg_devdb_start_seconds(const sg_devdb *d);
/* Shut the server down, remove its folder and free `d`. */
void sg_devdb_stop(sg_devdb *d);

#endif
