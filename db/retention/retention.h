/*
 * Retention of temporary data (SPEC §7, issue 22): one rule per kind (a period in days,
 * automatic or not), a dry run that says what a run would erase, and the erasure itself,
 * which writes its record (消去記録) and is audited. Only temporary data has a kind: the
 * register has no rule and cannot get one (db/migrations/0015-retention.sql).
 *
 * Kinds kept in the database (Juki answers, acknowledged outbox rows) go in one
 * transaction with their record; SQLCipher's secure_delete overwrites what they held and
 * a checkpoint then empties the WAL. Kinds kept as files (quarantined result files,
 * certificate PDFs left in the spool) are overwritten and unlinked one by one under a
 * record written first as running, which the next run finishes after a crash. Nothing
 * the central store has not acknowledged is ever erased.
 */
#ifndef RETENTION_H
#define RETENTION_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/* Where the file kinds live (the configuration's directories). */
struct retention_dirs {
	const char	*juki_quarantine;
	const char	*cert_spool;
	const char	*backup_dir;
	int		 backup_keep;	/* the newest backups never erased */
};

struct config;
/* The directories and the backups kept, from a loaded configuration. */
void	 retention_dirs_from(struct retention_dirs *, const struct config *);

struct retention_rule {
	char	 kind[32];
	int	 days;
	int	 automatic;
	char	*changed_by;
	char	*changed_at;
};

/* What a run of one kind would erase now (its dry run). */
struct retention_plan {
	char	 kind[32];
	int	 days;
	int	 automatic;
	char	 cutoff[32];	/* what is older than this goes (UTC, ISO 8601) */
	int64_t	 count;
	int64_t	 bytes;
	char	*oldest;	/* NULL when count is 0 */
	char	*newest;
};

/* The kinds there are, in the order they are shown, NULL-terminated. */
extern const char *const retention_kinds[];
/* Its label for people (translated); NULL for a kind that does not exist. */
const char	*retention_kind_label(const char *);

int	 retention_rules_read(struct db *, struct retention_rule **, size_t *, char **);
void	 retention_rules_free(struct retention_rule *, size_t);
/*
 * Sets a kind's rule (the approved change of a rule). A kind of the register, an unknown
 * kind or a negative period is refused with why.
 */
int	 retention_rule_set(struct db *, const struct actor *, const char *, int, int,
	    char **);

/* Every kind's dry run, at the current time (the test clock in tests). */
int	 retention_dry_run(struct db *, const struct retention_dirs *,
	    struct retention_plan **, size_t *, char **);
void	 retention_plans_free(struct retention_plan *, size_t);

/*
 * Erases what one kind's rule lets go now and writes its record; *record gets the
 * record's id (0 when there was nothing to erase: no record is written). approved_by is
 * the second supervisor, or "automatic under rule <kind>" for an automatic kind.
 * A record left running by a run cut short is finished first.
 */
int	 retention_erase(struct db *, const struct retention_dirs *, const struct actor *,
	    const char *, const char *, int64_t *, char **);
/* 消去記録, oldest first. */
struct erasure_record {
	int64_t	 id;
	char	*kind, *cutoff, *oldest, *newest, *method, *proposed_by, *approved_by;
	char	*state, *started_at, *finished_at;
	int	 rule_days;
	int64_t	 count, bytes;
};
int	 retention_records_read(struct db *, struct erasure_record **, size_t *, char **);
void	 retention_records_free(struct erasure_record *, size_t);

/* Every automatic kind, as the background process runs them daily; *erased the total. */
int	 retention_run_automatic(struct db *, const struct retention_dirs *,
	    const struct actor *, int64_t *, char **);

/*
 * retention_run_automatic once a day: when the last run is a day old or more (or never
 * was), it runs and the time is kept; *ran says whether it did.
 */
int	 retention_daily(struct db *, const struct retention_dirs *, const struct actor *,
	    int *, char **);

/*
 * Changes and approval-needing erasures, proposed by one supervisor and decided by
 * another (four eyes, also in the schema).
 */
struct retention_request {
	int64_t	 id;
	char	*action;	/* "rule" or "erase" */
	char	*kind;
	int	 days, automatic;	/* action "rule": the rule proposed */
	char	*cutoff;		/* action "erase": what is older goes */
	int64_t	 dry_count, dry_bytes;	/* its dry run, when proposed */
	char	*dry_oldest, *dry_newest;
	char	*reason;
	char	*proposed_by, *proposed_at;
	char	*status;		/* open, approved, rejected */
	char	*decided_by, *decided_at, *comment;
	int64_t	 record_id;		/* the erasure record, once approved and done */
};

int	 retention_propose_rule(struct db *, const struct actor *, const char *, int, int,
	    const char *, int64_t *, char **);
/* With the dry run's figures, now; refused for an automatic kind or nothing to erase. */
int	 retention_propose_erase(struct db *, const struct retention_dirs *,
	    const struct actor *, const char *, const char *, int64_t *, char **);
/*
 * Approves (1) or rejects (0) a request; never its proposer's. An erasure is approved
 * only on the day of its dry run, and erases up to the dry run's cutoff.
 */
int	 retention_decide(struct db *, const struct retention_dirs *, const struct actor *,
	    int64_t, int, const char *, char **);
int	 retention_requests_read(struct db *, int, struct retention_request **, size_t *,
	    char **);
void	 retention_requests_free(struct retention_request *, size_t);

/* Decommissioning (madoguchi-admin decommission). */
struct retention_unsynced {
	int64_t	 changes;		/* outbox rows the store has not acknowledged */
	int64_t	 audit_entries;		/* audit entries it has not */
	int64_t	 erasures_running;	/* erasure records not finished */
	int64_t	 holders, registrations, audit_total;	/* what is destroyed */
};
int	 retention_unsynced(struct db *, struct retention_unsynced *, char **);
/*
 * The final erasure record of a terminal (kind "terminal": what is destroyed, how many
 * files and bytes), pushed with the next sync and audited; made once.
 */
int	 retention_record_terminal(struct db *, const struct actor *, const char *,
	    int64_t, int64_t, char [37], char **);
/* The kinds an erasure record may have: every retention kind, and "terminal". */
extern const char *const retention_record_kinds[];

/*
 * The record of rows another part erased in its own open transaction (My Numbers the
 * central store acknowledged, deleted by the sync under local_mynumber_retention_days):
 * written, pushed and audited in that transaction.
 */
int	 retention_record_rows(struct db *, const struct actor *, const char *, int,
	    const char *, int64_t, const char *, const char *, const char *, char **);

/* A file overwritten with zeros, synced and unlinked; never through a link. */
int	 retention_shred(const char *, char **);
/*
 * One file shredded and its erasure record of kind (now, approved saying why), written
 * in the caller's open transaction, so that neither is ever without the other.
 */
int	 retention_shred_recorded(struct db *, const struct actor *, const char *,
	    const char *, const char *, char **);

/* The floors the central store sets (sync): kinds and days, replacing those kept. */
int	 retention_floors_store(struct db *, char **, const int *, size_t, char **);

#endif
