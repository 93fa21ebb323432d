/* db/register/: holders, applications, corrections, views, search and the item rules.
 * May use: lib/, db/. */
/*
 * The register at the counter (SPEC §4): applications that a supervisor decides, the
 * holder's record with its history, the My Number behind a reason, and search.
 *
 * Values travel as (key, value) pairs whose keys are the items of register-items.h (the
 * column names); every function checks them again against those rules, whatever the
 * screen did. Every call checks the role→function table and writes the audit log:
 *   register.apply   application_submit
 *   approval.queue   application_list, application_get, application_decide
 *   register.search  register_search, holder_view, mynumber_reveal (which also needs the
 *                    account's My Number permission and a reason)
 * Every change lands in the outbox in the same transaction.
 */
#ifndef REGISTER_H
#define REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"

struct db;

struct reg_value {
	char	*key;
	char	*value;
};

void	 reg_values_free(struct reg_value *, size_t);
/* Appends key with value, which the array then owns (reg_values_free frees it). */
void	 reg_values_add(struct reg_value **, size_t *, const char *, char *);
/* The value for key, or NULL. */
const char *reg_values_get(const struct reg_value *, size_t, const char *);

enum application_kind {
	APP_REGISTRATION,	/* a new holder (or holder_id) with one registration */
	APP_CORRECTION,		/* identity items of holder_id; event_date, reason_text */
	APP_DELETION,		/* 消除 of registration_id; event_date, reason_code, reason_text */
	APP_REISSUE,		/* certificate of registration_id: reg_reissue_items (and, for
				   書換え, the new name or 本籍 items); needs reissue.apply.
				   See certificates.h */
};

/*
 * Store an application for a supervisor. Registration: the holder items (unless holder_id
 * is given), "mynumber" (optional) and the registration items. Correction: only the items
 * that change, plus the correction items; an item equal to the record is refused as "no
 * change". Deletion: the deletion items. Values are checked and normalised with
 * reg_check; the first bad one is named in *cause ("family_kana: ..."). id gets the
 * application's id.
 */
int	 application_submit(struct db *, const struct actor *, enum application_kind,
	    const char *, const char *, const struct reg_value *, size_t, char [37],
	    char **);

struct application {
	char			 id[37];
	char			*kind;		/* registration, correction, deletion */
	char			*holder_id;	/* NULL for a registration of a new holder */
	char			*registration_id;
	char			*holder_name;	/* for lists: the record's or the payload's */
	char			*status;	/* pending, approved, rejected, withdrawn */
	char			*requested_by;
	char			*requested_at;	/* local time, "2025-04-01 09:30" */
	char			*decided_by;
	char			*decided_at;
	char			*decision_comment;
	char			*reception_number;	/* 受付番号; NULL if filed before there were any */
	char			*channel;	/* of the reception: counter, mail, e-gov, mynaportal */
	char			*withdraw_reason;	/* status withdrawn: the applicant's reason */
	struct reg_value	*values;	/* the payload; a My Number comes back masked */
	size_t			 n_values;
	struct reg_value	*current;	/* correction: the record's values for the same keys */
	size_t			 n_current;
};

/* Pending applications oldest first (pending_only), or every application newest first. */
int	 application_list(struct db *, const struct actor *, int, struct application **,
	    size_t *, char **);
int	 application_get(struct db *, const struct actor *, const char *,
	    struct application *, char **);
void	 application_clear(struct application *);
void	 application_list_free(struct application *, size_t);

/*
 * Approve (the change and its event are applied in the same transaction as the decision)
 * or reject, with a comment (required for a rejection). The requester cannot decide their
 * own application; an application already decided, or whose record changed since (version),
 * is refused.
 */
int	 application_decide(struct db *, const struct actor *, const char *, int,
	    const char *, char **);

struct registration_view {
	char			 id[37];
	struct reg_value	*values;	/* registration items, plus "status" */
	size_t			 n_values;
};

struct event_view {
	char	 id[37];
	char	*registration_id;
	char	*kind;
	char	*event_date;
	char	*reason_code;
	char	*reason_text;	/* NULL when sensitive and the viewer lacks register.sensitive */
	char	*before;	/* JSON of the items before a rewrite or correction */
	char	*created_by;
	char	*approved_by;
	int	 sensitive;
	char	*until_date;	/* 停止: the last day; 返納命令: the due date (NULL if hidden) */
};

struct holder_view {
	char			 id[37];
	struct reg_value	*values;	/* holder items */
	size_t			 n_values;
	int			 erased;
	int64_t			 version;
	char			 mynumber_masked[16];	/* "**** **** 1234", "" if none */
	struct registration_view *registrations;
	size_t			 n_registrations;
	struct event_view	*events;	/* oldest first */
	size_t			 n_events;
	int			 pending_applications;
};

/* A holder's record and history; audited as a view (閲覧). */
int	 holder_view(struct db *, const struct actor *, const char *, struct holder_view *,
	    char **);
void	 holder_view_clear(struct holder_view *);

/*
 * The whole My Number, for a reason (required, recorded in the audit log with the view).
 * Refused unless the account may handle My Numbers.
 */
int	 mynumber_reveal(struct db *, const struct actor *, const char *, const char *,
	    char [13], char **);

struct search_query {
	const char	*name;		/* partial kana or kanji, 1 character or more */
	const char	*birth_date;	/* any form reg_check accepts */
	const char	*certificate_number;
	const char	*status;	/* a registration status, or NULL */
	int		 offset;
	int		 limit;
};

struct search_hit {
	char	 id[37];
	char	*name;		/* 姓 名 */
	char	*kana;
	char	*birth_date;
	char	*certificates;	/* "B-000123 valid,B-000456 erased": number and status code */
	int	 erased;
};

/* What *more says after a search. */
#define SEARCH_LAST_PAGE	0
#define SEARCH_MORE		1	/* there are further pages */
#define SEARCH_TOO_MANY		2	/* a name alone matched more than 500: none listed */

/*
 * Holders matching every given criterion, ordered by kana, from offset. Never returns My
 * Numbers. A bad criterion is refused with a message naming it. A name given alone that
 * matches more than 500 holders lists none (SEARCH_TOO_MANY): the person adds the birth
 * date or more of the name, as at any counter.
 */
int	 register_search(struct db *, const struct actor *, const struct search_query *,
	    struct search_hit **, size_t *, int *, char **);
void	 search_hits_free(struct search_hit *, size_t);

/*
 * A registration's dates in the order they happen: after the birth (the values' or, with
 * holder_id, the register's), the application, its reception, the issue; an exam year
 * between the birth and the issue. The values as the form normalised them. The message
 * names the two dates that are out of order. application_submit checks the same.
 */
int	 registration_dates_check(struct db *, const char *, const struct reg_value *,
	    size_t, char **);

/*
 * A holder a new registration's person may already be, or a registration application for a
 * new holder that waits for a supervisor (pending: holder_id is then the application's id).
 */
struct reg_duplicate {
	char		 holder_id[37];
	int		 pending;
	char		*name;		/* "渡辺 賢治" */
	char		*kana;
	char		 birth_date[11];
	const char	*why;		/* N_(): what they share */
};

/*
 * The holders, not erased, that the person of a registration's values (family_kana,
 * given_kana, former_family_kana, birth_date, mynumber, normalised as the form checks them)
 * may be: the same My Number; the same birth date and kana name (ヴ/バ行, small kana and
 * spaces folded); or the same birth date and given name with a family name that is the
 * other's former family name; and the pending registration applications for a new holder
 * that match so. Returns nothing of the My Number.
 */
int	 reg_duplicates(struct db *, const struct reg_value *, size_t,
	    struct reg_duplicate **, size_t *, char **);
void	 reg_duplicates_free(struct reg_duplicate *, size_t);

#endif
