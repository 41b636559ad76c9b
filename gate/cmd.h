#ifndef SG_CMD_H
#define SG_CMD_H

/*
 * Subcommands. Each lives in gate/cmd_<name>.c, parses its own options and
 * returns the process exit code (DESIGN.md):
 */
enum sg_exit {
	SG_EXIT_PASS = 0,  /* no error findings */
	SG_EXIT_FAIL = 1,  /* error findings: the gate failed */
	SG_EXIT_USAGE = 2, /* could not run: bad arguments, input, config */
	SG_EXIT_ROLLED_BACK = 3,     /* an apply failed and was rolled back cleanly */
	SG_EXIT_ROLLBACK_FAILED = 4, /* an apply failed and the rollback failed too */
};

int cmd_lint(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_sum(int argc, char **argv);
int cmd_hook(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_dryrun(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_policy(int argc, char **argv);

/* Print "schemagate: error: ..." to stderr and return SG_EXIT_USAGE. */
int sg_die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
