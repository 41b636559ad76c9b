#ifndef SG_FINGERPRINT_H
#define SG_FINGERPRINT_H

#include "core/report.h"

/*
 * Findings' identities across runs, for CI systems that track findings
 * (SARIF partialFingerprints, GitLab Code Quality): SHA-256 of a finding's
 * rule, file and message with its numbers masked, and of how many
 * identical findings came before it in the report. Lines are left out on
 * purpose, so the identity survives edits elsewhere in the file; the
 * count keeps it unique.
 */
#define SG_FINGERPRINT_SIZE 65 /* 64 hex digits and a NUL */

/* One fingerprint per finding, the i-th at out + i * SG_FINGERPRINT_SIZE; owned by the caller. */
char *sg_fingerprints(const sg_report *r);

#endif
