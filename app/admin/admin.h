/* madoguchi-admin: one file per command (app/cmd-admin-*.c), as tmux does. */
#ifndef ADMIN_H
#define ADMIN_H

#include "db.h"

struct admin_cmd {
	const char	*prog;		/* NULL for madoguchi-admin */
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*summary;
	int		 (*exec)(int, char **);
};

/* The options every command that opens the database takes. */
struct admin_db_opts {
	const char	*config;
	const char	*db;
	const char	*key;
};

/* Exit codes (documented in madoguchi-admin(8)). */
#define ADMIN_EXIT_OK		0
#define ADMIN_EXIT_FAIL		1	/* the check or the operation failed */
#define ADMIN_EXIT_USAGE	2	/* bad command line */
#define ADMIN_EXIT_OPEN		3	/* cannot open configuration, key or database */
#define ADMIN_EXIT_DAMAGED	4	/* the database file is damaged: restore a backup */

/* getopt_long entries for the database options, and --help. */
#define ADMIN_DB_LONGOPTS \
	{ "config", required_argument, NULL, 'c' }, \
	{ "db", required_argument, NULL, 'd' }, \
	{ "key", required_argument, NULL, 'k' }, \
	{ "help", no_argument, NULL, 'h' }
#define ADMIN_DB_SHORTOPTS	"c:d:k:h"

int		 admin_db_opt(struct admin_db_opts *, int, const char *);
int		 admin_parse_db_opts(const struct admin_cmd *, int, char **,
		     struct admin_db_opts *);
struct db	*admin_open(const struct admin_db_opts *, enum db_open_mode);
struct actor;
void		 admin_actor(struct actor *);
int		 admin_audit(struct db *, const char *, const char *, const char *);
void		 admin_usage(const struct admin_cmd *, FILE *);
int		 audit_report(struct db *, const char *);
int		 admin_integrity(struct db *, const char *);
int		 admin_integrity_outcome(int, char *, const char *);

extern const struct admin_cmd admin_cmd_init;
extern const struct admin_cmd admin_cmd_status;
extern const struct admin_cmd admin_cmd_verify_audit;
extern const struct admin_cmd admin_cmd_audit_head;
extern const struct admin_cmd admin_cmd_account_request;
extern const struct admin_cmd admin_cmd_demo_data;
extern const struct admin_cmd admin_cmd_account_register;
extern const struct admin_cmd admin_cmd_audit_reviews;
extern const struct admin_cmd admin_cmd_report;
extern const struct admin_cmd admin_cmd_stats;
extern const struct admin_cmd admin_cmd_disclosure;
extern const struct admin_cmd admin_cmd_retention;
extern const struct admin_cmd admin_cmd_decommission;
extern const struct admin_cmd admin_cmd_juki_check;
extern const struct admin_cmd admin_cmd_suspensions_end;
extern const struct admin_cmd admin_cmd_card_check;
extern const struct admin_cmd admin_cmd_rekey;
extern const struct admin_cmd admin_cmd_backup;
extern const struct admin_cmd admin_cmd_restore_test;
extern const struct admin_cmd admin_cmd_number_block;
extern const struct admin_cmd admin_cmd_sync_now;
extern const struct admin_cmd admin_cmd_sync_recover;
extern const struct admin_cmd admin_cmd_signing_key;
extern const struct admin_cmd admin_cmd_migrate;
extern const struct admin_cmd admin_cmd_config;

#endif
