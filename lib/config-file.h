/*
 * /etc/madoguchi/madoguchi.conf: "name = value" lines, '#' comments; then its drop-ins,
 * the files NAME.conf in madoguchi.conf.d/ beside it, in name order (a later file wins).
 */
#ifndef CONFIG_FILE_H
#define CONFIG_FILE_H

struct config {
	char	*db_path;
	char	*key_path;
	char	*audit_key;		/* the audit chain's MAC key; "": beside key_path */
	char	*audit_head;		/* its head outside the database; "": likewise */
	char	*terminal_id;
	char	*allowed_terminals;	/* space-separated ttys; "*" allows any */
	char	*pam_service;
	char	*juki_outbound;
	char	*juki_inbound;
	char	*juki_quarantine;
	char	*date_style;		/* "wareki" or "western" */
	char	*language;		/* "ja", "en", or "": the environment's */
	char	*office_id;		/* the office in signed certificate records */
	char	*office_name;		/* printed on certificates as the issuer */
	char	*office_key;		/* PEM Ed25519 key that signs certificates */
	char	*printer;		/* CUPS queue for certificates; "" keeps PDFs */
	char	*cert_spool;		/* where certificate PDFs are written */
	char	*backup_dir;		/* where backup --to writes by default */
	int	 backup_keep;		/* the newest backups retention never erases */
	char	*export_spool;		/* encrypted export files, until they leave */
	int	 max_export_grant_hours; /* the longest an export grant is valid */
	char	*import_spool;		/* files from media, until their request is decided */
	int	 training_grace_days;	/* a new handler is trained within this many days */
	int	 print_two_person_check; /* certificates and disclosures are checked by a
					    second person before they print (yes/no) */
	int	 print_wait_seconds;	/* for CUPS to complete a certificate's job */
	char	*office_hours;		/* "08:30-17:15 mon-fri" (office-hours.h) */
	int	 idle_lock_minutes;
	int	 account_idle_days;
	int	 juki_result_retention_days;
	int	 local_mynumber_retention_days;
	int	 max_offline_days;
	int	 offline_login_everyone; /* past max_offline_days, not only supervisors log in */
	int	 max_pending_changes;
	int	 max_clock_skew_seconds;
	/* The central store (SPEC §10): TLS with this terminal's client certificate. */
	char	*sync_host;		/* "" when this terminal does not sync */
	char	*sync_read_host;	/* a standby for pulls; "": sync_host */
	char	*sync_dbname;
	char	*sync_user;		/* the terminal's role, the CN of its certificate */
	char	*sync_cert;
	char	*sync_key;
	char	*sync_ca;
	char	*sync_signing_key;	/* RSA; signs every batch (db/sync/sync-sign.h) */
	int	 sync_port;
	int	 sync_interval_seconds;
	int	 sync_batch_size;	/* changes (audit entries) per pushed batch */
	int	 sync_pull_batch_size;	/* changes per pulled batch, written in one transaction */
	int	 sync_connect_timeout;
	char	*files_read;		/* the main file, then its drop-ins, one a line */
};

#define CONFIG_DEFAULT_PATH	SYSCONFDIR "/madoguchi/madoguchi.conf"
/* The drop-in madoguchi-admin config set writes; files named after it win over it. */
#define CONFIG_ADMIN_DROPIN	"50-madoguchi-admin.conf"

void	 config_defaults(struct config *);
int	 config_load(struct config *, const char *, char **);
int	 config_load_with(struct config *, const char *, const char *, const char *,
	    char **);
char	*config_dropin_dir(const char *);
int	 config_open(struct config *, const char *, const char **, char **);
int	 config_parse(struct config *, const char *, const char *, char **);
void	 config_free(struct config *);
int	 config_terminal_allowed(const struct config *, const char *);
int	 config_syncs(const struct config *);
/* Whether dates are shown in the Japanese era (date_style, wareki unless western). */
int	 config_era_dates(const struct config *);
char	*config_beside_key(const char *, const char *, const char *);
char	*config_value(const struct config *, const char *);
char	*config_shown(const struct config *);
char	*config_shown_diff(const char *, const char *);
char	*config_text_set(const char *, const char *, const char *);

#endif
