/*
 * A terminal restored from a backup (docs/sync.md, "A restored terminal";
 * madoguchi-admin sync-recover): what its database holds of its history, and the local
 * steps of a recovery. The client (sync-recover-client.c) asks the central store how far
 * its history of the terminal goes, decides with sync_recover_decide and, to resume, runs
 * these steps in one local transaction.
 */
#ifndef SYNC_RECOVER_H
#define SYNC_RECOVER_H

#include <stdint.h>

struct db;

enum sync_recover_verdict {
	SYNC_RECOVER_NOTHING,		/* the histories agree: nothing to recover */
	SYNC_RECOVER_RESUME,		/* this database's history is a prefix of the store's */
	SYNC_RECOVER_REREGISTER,	/* they diverge, or the store's cannot be verified */
};

/* What this database holds of its history. */
struct sync_recover_local {
	int64_t	 last_seq;	/* highest outbox seq, 0 if none */
	int64_t	 last_sent;	/* highest outbox seq marked sent, 0 if none */
	int64_t	 pending;	/* outbox rows not marked sent */
	int64_t	 audit_count;	/* entries in the audit log */
	int64_t	 audit_pushed;	/* the store acknowledged the log up to here */
	int64_t	 pull_cursor;
};

/* One outbox row as the store keeps it, for telling one history from another. */
struct sync_recover_row {
	int64_t	 seq;
	char	*entity;
	char	*entity_id;
	int64_t	 version;
	char	*op;
	char	*created_at;
};

/* What the client found and decided. */
struct sync_recover_plan {
	enum sync_recover_verdict verdict;
	char		*reason;		/* why RE-REGISTER, allocated */
	struct sync_recover_local local;
	char		*office_id;		/* of this terminal, as the store has it */
	int64_t		 central_seq;		/* the store's last change of this terminal */
	int64_t		 central_audit;		/* and its audit head */
	int64_t		 changes_from;		/* first seq this database lost or redid */
	int64_t		 lost_changes;		/* in the store from changes_from on */
	int64_t		 already_sent;		/* unsent here, held by the store as they are */
	int64_t		 renumbered;		/* unsent here, to get numbers after the store's */
	int64_t		 audit_from;		/* first audit entry this database lost or redid */
	int64_t		 lost_audit;		/* in the store from audit_from on */
	int64_t		 audit_moved;		/* written here since, to follow them */
	int64_t		 applied;		/* of the office log, by the recovery */
	int64_t		 conflicts;		/* opened or joined by the recovery */
};

int	 sync_recover_local_read(struct db *, struct sync_recover_local *, char **);
int	 sync_recover_row(struct db *, int64_t, struct sync_recover_row *, int *, char **);
void	 sync_recover_row_clear(struct sync_recover_row *);
int	 sync_recover_row_same(const struct sync_recover_row *,
	    const struct sync_recover_row *);
int64_t	 sync_recover_count_unsent(struct db *, int64_t, int64_t);
void	 sync_recover_plan_clear(struct sync_recover_plan *);

/* Inside the caller's transaction. */
int	 sync_recover_mark_sent(struct db *, int64_t, char **);
int	 sync_recover_renumber(struct db *, int64_t, int64_t, char **);
int	 sync_recover_insert_sent(struct db *, const struct sync_recover_row *,
	    const char *, char **);

/* The unsent changes, for the sysadmin's list of work to enter again. */
struct sync_recover_pending {
	int64_t	 seq;
	char	*entity;
	char	*entity_id;
	char	*op;
	char	*created_at;
};
int	 sync_recover_pending_list(struct db *, struct sync_recover_pending **, size_t *,
	    char **);
void	 sync_recover_pending_free(struct sync_recover_pending *, size_t);

#endif
