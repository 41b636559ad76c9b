/* Dry-run observations (see observation.h). */
#include "core/observation.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

sg_obs_lock *sg_observation_add_lock(sg_observation *o, const char *relation, const char *mode)
{
	sg_obs_lock *l = VEC_PUSH(o->locks, o->nr_locks, o->alloc_locks);

	l->relation = xstrdup(relation);
	l->mode = xstrdup(mode);
	l->reads_blocked = l->writes_blocked = -1;
	return l;
}

void sg_observation_add_rewritten(sg_observation *o, const char *relation)
{
	*VEC_PUSH(o->rewritten, o->nr_rewritten, o->alloc_rewritten) = xstrdup(relation);
}

void sg_observation_add_event(sg_observation *o, const char *fmt, ...)
{
	sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	*VEC_PUSH(o->events, o->nr_events, o->alloc_events) = sbuf_detach(&sb);
}

bool sg_observation_blocks(const sg_observation *o, bool writes)
{
	size_t i;

	for (i = 0; i < o->nr_locks; i++)
		if ((writes ? o->locks[i].writes_blocked : o->locks[i].reads_blocked) == 1)
			return true;
	return false;
}

static const char *probe_text(const sg_obs_lock *l)
{
	if (l->reads_blocked == 1)
		return " (reads and writes blocked)";
	if (l->writes_blocked == 1)
		return " (writes blocked, reads not)";
	if (l->writes_blocked == 0)
		return " (reads and writes not blocked)";
	return "";
}

char *sg_observation_summary(const sg_observation *o)
{
	sbuf sb = SBUF_INIT;
	size_t i;

	if (o->status == SG_OBS_NOT_RUN)
		sbuf_addf(&sb, "not run: %s", o->note ? o->note : "skipped");
	for (i = 0; i < o->nr_locks; i++)
		sbuf_addf(&sb, "%s%s on %s%s", i ? ", " : "", o->locks[i].mode, o->locks[i].relation,
			  probe_text(&o->locks[i]));
	for (i = 0; i < o->nr_rewritten; i++)
		sbuf_addf(&sb, "%srewrote %s", sb.len ? "; " : "", o->rewritten[i]);
	for (i = 0; i < o->nr_events; i++)
		sbuf_addf(&sb, "%s%s", sb.len ? "; " : "", o->events[i]);
	if (o->status == SG_OBS_FAILED)
		sbuf_addf(&sb, "%sfailed: %s", sb.len ? "; " : "", o->note ? o->note : "error");
	if (o->status != SG_OBS_NOT_RUN)
		sbuf_addf(&sb, "%s%.1f ms", sb.len ? "; " : "", o->duration_ms);
	return sbuf_detach(&sb);
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sg_observation_release(sg_observation *o)
{
	size_t i;

	for (i = 0; i < o->nr_locks; i++) {
		free(o->locks[i].relation);
		free(o->locks[i].mode);
	}
	free(o->locks);
	free_strings(o->rewritten, o->nr_rewritten);
	free_strings(o->events, o->nr_events);
	free(o->file);
	free(o->statement);
	free(o->note);
	memset(o, 0, sizeof(*o));
}
