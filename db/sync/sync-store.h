/*
 * The terminal's side of sync (SPEC §10), in the local database: which outbox rows go next,
 * what the central store answered, applying pulled changes, the conflict queue, and the sync
 * state the status line shows. No network here: the
 * libpq client (sync-client.c) moves the bytes; docs/sync.md describes the protocol.
 */
#ifndef SYNC_STORE_H
#define SYNC_STORE_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

/* What the local side needs to know from the configuration. */
struct sync_options {
	int	 mynumber_retention_days;	/* 0: drop a My Number once acknowledged */
};

/* One batch of outbox rows or audit entries as the JSON array that goes on the wire. */
struct sync_batch {
	char	*body;		/* the body's text (sync-batch.h); NULL when nothing to send */
	int64_t	 first;		/* seq of the first and last row in it */
	int64_t	 last;
	int	 count;
};

/* A change the central store did not apply because it conflicts. */
struct sync_push_conflict {
	int64_t		 seq;
	int64_t		 central_version;	/* 0 if the record is not there */
	const char	*central_payload;	/* JSON, or NULL */
	const char	*central_terminal;	/* who wrote that version, or NULL */
};

/* A change from the office log, as pull returns it. */
struct sync_change {
	int64_t		 office_seq;
	const char	*terminal_id;
	int64_t		 seq;
	const char	*entity;
	const char	*entity_id;
	int64_t		 version;
	const char	*op;
	const char	*payload;	/* NULL for the terminal's own changes */
	const char	*created_at;
	int		 recovered;	/* this terminal's own, lost by its restored database */
};

struct sync_apply_stats {
	int64_t	 applied;	/* written into the local tables */
	int64_t	 own;		/* this terminal's own changes, passed over */
	int64_t	 stale;		/* already here (same or newer version) */
	int64_t	 skipped;	/* kinds this terminal does not keep (accounts, ...) */
	int64_t	 conflicts;	/* opened or joined a conflict */
};

struct sync_state {
	int64_t	 pull_cursor;
	int64_t	 audit_pushed;
	int64_t	 pending;	/* outbox rows not yet acknowledged */
	int64_t	 conflicts;	/* open conflicts */
	int	 online;	/* the last attempt reached the central store */
	char	*last_attempt_at;	/* UTC ISO 8601, or NULL */
	char	*last_success_at;
	char	*last_error;
	int	 has_clock;	/* a sync reached the store and compared the clocks */
	double	 clock_offset;	/* seconds: the store's clock minus this terminal's */
};

/* How close this terminal is to its offline limits (SPEC §10, max_offline_days etc.). */
struct sync_limits {
	int64_t	 pending;	/* changes not yet acknowledged */
	double	 days;		/* since the last successful sync (or the oldest change) */
	int	 max_days;
	int	 max_pending;
	int	 warn;		/* 80 % of either limit reached */
	int	 over;		/* a limit passed: new applications wait */
};

/* One row of the outbox as the sync screen lists it: no personal data (SPEC §10). */
struct sync_outbox_row {
	int64_t	 seq;
	char	 entity[24];
	char	 id_prefix[9];	/* the first 8 characters of the record's id */
	char	*created_at;
	char	*pushed_at;	/* NULL: not yet acknowledged by the central store */
};

enum sync_choice {
	SYNC_KEEP_LOCAL,
	SYNC_TAKE_REMOTE,
};

struct sync_conflict {
	int64_t	 id;
	char	*entity;
	char	*entity_id;
	char	*source;	/* "push", "pull" or "apply" */
	char	*reason;
	int64_t	 local_version;
	char	*local_payload;		/* JSON or NULL */
	int64_t	 remote_version;
	char	*remote_payload;	/* JSON or NULL */
	char	*remote_terminal;
	char	*opened_at;		/* local time, "2026-04-01 09:30" */
	char	*status;	/* "open", "local", "remote" */
	char	*resolved_by;
	char	*resolved_at;
	char	*cause;		/* changed-here, number-taken, follows, checks, delete, other, "" */
};

/* The open conflicts of one record kind and one cause. */
struct sync_conflict_group {
	char	*entity;
	char	*cause;
	int64_t	 count;
};

/* Push. */
int	 sync_next_batch(struct db *, int64_t, int, struct sync_batch *, char **);
int	 sync_push_done(struct db *, const struct sync_batch *,
	    const struct sync_push_conflict *, size_t, const struct sync_options *, char **);
void	 sync_batch_clear(struct sync_batch *);

/* Pull: begin, apply each change, end with the cursor (commit) or not (rollback). */
struct sync_apply;
int	 sync_apply_begin(struct db *, const struct sync_options *, struct sync_apply **,
	    char **);
int	 sync_apply_within(struct db *, const struct sync_options *, struct sync_apply **);
int	 sync_apply_change(struct sync_apply *, const struct sync_change *, char **);
int	 sync_apply_end(struct sync_apply *, int64_t, int, struct sync_apply_stats *,
	    char **);
int64_t	 sync_pull_cursor(struct db *);

/* The audit chain. */
int	 sync_next_audit_batch(struct db *, int, struct sync_batch *, char **);
int	 sync_audit_done(struct db *, int64_t, char **);

/* State for the status line, sync-now and the background process. */
int	 sync_state_read(struct db *, struct sync_state *, char **);
void	 sync_state_clear(struct sync_state *);
int	 sync_state_record(struct db *, int, const char *, char **);
int	 sync_state_clock(struct db *, double, char **);
int	 sync_limits_read(struct db *, int, int, struct sync_limits *, char **);
int	 sync_offline_check(struct db *, int, int, char **);
int	 sync_outbox_rows(struct db *, int, struct sync_outbox_row **, size_t *, char **);
void	 sync_outbox_rows_free(struct sync_outbox_row *, size_t);

/* The conflict queue (function conflict.resolve, supervisors). */
int	 sync_conflicts_open(struct db *, const struct actor *, struct sync_conflict **,
	    size_t *, char **);
int	 sync_conflict_get(struct db *, const struct actor *, int64_t,
	    struct sync_conflict *, char **);
int	 sync_conflict_groups(struct db *, struct sync_conflict_group **, size_t *, char **);
void	 sync_conflict_groups_free(struct sync_conflict_group *, size_t);
int	 sync_conflicts_resolve_group(struct db *, const struct actor *, const char *,
	    const char *, enum sync_choice, int64_t *, char **);
int	 sync_conflict_resolve(struct db *, const struct actor *, int64_t, enum sync_choice,
	    char **);
void	 sync_conflict_clear(struct sync_conflict *);
/* The members of the two versions side by side, for the screen: NULL where absent. */
struct sync_conflict_item {
	char	*member;
	char	*local;
	char	*remote;
	int	 differs;
};
int	 sync_conflict_items(struct db *, const struct sync_conflict *,
	    struct sync_conflict_item **, size_t *, char **);
void	 sync_conflict_items_free(struct sync_conflict_item *, size_t);
void	 sync_conflicts_free(struct sync_conflict *, size_t);
int64_t	 sync_conflicts_count(struct db *);

/*
 * The central store's heads for this terminal (madoguchi.sync_heads()), and what
 * sync_rewind did when they were behind its own (sync-rewind.c).
 */
struct sync_heads {
	int64_t	 last_seq;	/* its last change of this terminal */
	int64_t	 audit_seq;	/* its last audit entry of this terminal */
	int64_t	 office_last;	/* the end of the office log */
};
struct sync_rewound {
	int64_t	 changes;	/* marked unsent, to send again */
	int64_t	 audit;		/* audit entries to send again */
	int64_t	 cursor_from;	/* the pull cursor moved back from (0: not moved) */
	int64_t	 cursor_to;
};
int	 sync_rewind(struct db *, const struct actor *, const struct sync_heads *,
	    struct sync_rewound *, char **);
int64_t	 sync_pushed_last(struct db *);

#endif
