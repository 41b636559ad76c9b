#ifndef SG_POLICY_H
#define SG_POLICY_H

#include "core/report.h"
#include "migrate/dbconn.h"
#include "policies/pack.h"
#include "policies/waiver.h"

/*
 * Run every applicable check of `p` on the read-only connection `c` and
 * add a finding for each check that failed or could not be verified (and
 * for each expired waiver), with the counts in r->policy. `now` is the
 * time in seconds since the epoch (waivers expire by its UTC day).
 * Returns 0; <0 with the message set only when the run cannot go on.
 */
int sg_policy_evaluate(const sg_policy_packs *p, const sg_waivers *w, sg_dbconn *c, long long now,
		       sg_report *r);

/* A version written in a pack ("15", "10.5", "8.0.16") as the server reports it for `engine`. */
int sg_policy_version(const char *text, unsigned engine, bool upper);

#endif
