/*
 * schemagate: the command table and the process boundary. Only gate/ ends
 * the process; everything below returns codes and messages.
 */
#include "gate/cmd.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "gate/version.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "diff", cmd_diff, "compare the migrations of a change with its base branch, lint the new ones" },
	{ "dry-run", cmd_dryrun, "run the migrations on a real PostgreSQL and report the locks, rewrites and scans it saw" },
	{ "lint", cmd_lint, "lint migration files for locks, rewrites, scans and breaking changes" },
	{ "migrate", cmd_migrate, "apply migrations with a history and a lock; status; roll a release back" },
	{ "policy", cmd_policy, "check the database a release goes to: encryption, backup, access control, audit" },
	{ "rules", cmd_rules, "list the rules, or explain one: schemagate rules RULE" },
	{ "sum", cmd_sum, "write or check the migration directory's integrity file (schemagate.sum)" },
	{ "hook", cmd_hook, "install or remove the git hook that runs schemagate diff before a commit or push" },
	{ "gate", cmd_gate, "the whole gate for a pipeline: diff, lint, dry-run, policy, apply; one report" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: schemagate <command> [options] [PATH...]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'schemagate <command> --help' for the options of a command.\n"
		     "Exit codes: 0 passed, 1 error findings, 2 could not run.\n");
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	/*
	 * Keep what a run frees (libgit2's inflated trees, a big file's parse)
	 * for its next allocations instead of handing it back to the kernel:
	 * a page faulted in again costs microseconds on a virtual machine,
	 * and `diff` on 5,000 migrations faulted 330 pages that way.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SG_EXIT_USAGE : SG_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("schemagate %s\n", SG_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		rc = commands[i].fn(argc - 1, argv + 1);
		if (fflush(stdout) != 0 || ferror(stdout))
			return sg_die_usage("could not write the output");
		return rc;
	}
	return sg_die_usage("'%s' is not a schemagate command; run 'schemagate --help'", argv[1]);
}
