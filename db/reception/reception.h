/*
 * The reception register (受付簿, issue 24): every counter application is received under a
 * reception number (R2026-0001234), short, readable aloud and unique across every terminal
 * of the office. A reception records what was received, when, through which channel, by
 * whom and for which holder once known; it is decided with its application or withdrawn
 * (取下げ) by the applicant while open, and never removed.
 *
 * Numbers come from blocks for the year: a terminal that syncs (db_set_syncs) hands out
 * only numbers of blocks the central store leased to it, so that no two terminals give
 * the same one, and keeps working offline while its blocks last; a terminal that does not
 * sync is its office's only one and numbers from a block of its own for the year.
 */
#ifndef RECEPTION_H
#define RECEPTION_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

#define RECEPTION_NUMBER_SIZE	14	/* "R2026-0001234" and NUL */
#define RECEPTION_NUMBER_LAST	INT64_C(9999999)

struct reception {
	char	 number[RECEPTION_NUMBER_SIZE];
	char	*kind;			/* registration, correction, deletion, reissue */
	char	*channel;		/* counter, mail, e-gov, mynaportal */
	char	*received_on;		/* YYYY-MM-DD, local */
	char	*received_by;
	char	*holder_id;		/* NULL until known (a new person's registration) */
	char	*status;		/* open, decided, withdrawn */
	char	*withdrawn_by;
	char	*withdrawn_at;		/* local time, "2026-12-06 10:15" */
	char	*withdraw_reason;
	char	*application_id;	/* NULL while nothing was filed under it */
	char	*identity;		/* codes of the documents seen; NULL: not confirmed */
	char	*identity_by;
	char	*identity_at;		/* local time, "2026-12-06 10:15" */
	char	*application_status;	/* pending, approved, rejected, withdrawn; NULL */
	char	*holder_name;		/* "山田 太郎" of holder_id when in the register */
	char	*fee_kind;		/* issue, rewrite, reissue; NULL: no fee recorded */
	char	*fee_payment;		/* stamp, cash, online, exempt */
	int64_t	 fee_amount;		/* yen; 0 when exempt */
	char	*fee_exempt_reason;
	char	*fee_by;
	char	*fee_on;		/* the local day it was received */
	char	*refund_by;		/* NULL unless refunded (on withdrawal) */
	char	*refund_on;
};

/* Fees of a period by kind and payment (reception_fee_totals). */
struct fee_total {
	char	 fee_kind[8];
	char	 payment[8];
	int64_t	 received;		/* fees received in the period, and their yen */
	int64_t	 amount;
	int64_t	 refunds;		/* refunds made in the period, and their yen */
	int64_t	 refunded;
};

/*
 * What a clerk typed as a reception number, read into its one form: full-width digits
 * and letters, spaces and a lower-case r are taken, and the number after the year may be
 * given without its leading zeros ("R2026-1234" is R2026-0001234). -1 and a message
 * naming what is wrong otherwise.
 */
int	 reception_number_read(const char *, char [RECEPTION_NUMBER_SIZE], char **);

/*
 * Opens a reception of kind (an application kind) through channel for holder_id (NULL
 * for a person not in the register yet), in the caller's transaction or its own, and
 * audits it (reception.open). The number goes to out.
 */
int	 reception_open(struct db *, const struct actor *, const char *, const char *,
	    const char *, char [RECEPTION_NUMBER_SIZE], char **);

/*
 * The reception an application of kind for holder_id is filed under, in the caller's
 * transaction: the oldest open one of that kind for the holder with nothing filed under it
 * yet (for a new person: one the same clerk opened), or else a new one through the
 * counter.
 */
int	 reception_for_filing(struct db *, const struct actor *, const char *, const char *,
	    char [RECEPTION_NUMBER_SIZE], char **);

/*
 * Its application was decided, in the deciding transaction; holder_id (not NULL) is the
 * holder a registration of a new person made. An application without a reception (filed
 * before the register existed) is left as it is.
 */
int	 reception_decided(struct db *, const char *, const char *, char **);

/*
 * The applicant withdraws (取下げ) the open reception and its pending application with the
 * reason, in one transaction, audited (reception.withdraw). A decided or withdrawn one is
 * refused.
 */
int	 reception_withdraw(struct db *, const struct actor *, const char *, const char *,
	    char **);

/* The number an application was filed under, for messages; "" if it has none. */
void	 reception_of_application(struct db *, const char *, char [RECEPTION_NUMBER_SIZE]);

/* One reception by its number (exact); 1 when there is none. */
int	 reception_get(struct db *, const char *, struct reception *, char **);
void	 reception_clear(struct reception *);
/* A holder's receptions (NULL: the newest 1,000 of the register), newest first. */
int	 reception_list(struct db *, const char *, struct reception **, size_t *, char **);
void	 reception_list_free(struct reception *, size_t);

/*
 * Whether a Juki-net lookup may be made for the reception typed as ref: it must be open,
 * and for holder_id (NULL: a person not in the register, whose reception has no holder
 * yet). The reading of ref goes to out.
 */
int	 reception_lookup_check(struct db *, const char *, const char *,
	    char [RECEPTION_NUMBER_SIZE], char **);

/*
 * Number blocks. reception_numbers_add adds first..last for year from source "central"
 * (leased at sync) or "own" (a terminal that does not sync), refused where it overlaps a
 * block of the same year (a leased block: another leased one only, for the unused rest of
 * an own block is never handed out while the terminal syncs and the store leases past
 * what it used); reception_numbers_left counts what the year's usable blocks still hold.
 */
int	 reception_numbers_add(struct db *, const char *, int, int64_t, int64_t, char **);
int	 reception_numbers_left(struct db *, int, int64_t *, char **);
/*
 * The last number of year this terminal handed out from its own blocks (0: none), which
 * the central store's series for the office must go past when the terminal starts to sync.
 */
int	 reception_numbers_own_last(struct db *, int, int64_t *, char **);

/*
 * The blocks leased from the central store (all years, oldest first), which the store
 * must know as this terminal's (sync: restore_leases); and the end of one it refused: no
 * number is handed out from it any more.
 */
struct reception_block {
	int64_t	 id;
	int	 year;
	int64_t	 first;
	int64_t	 last;
};
int	 reception_blocks_leased(struct db *, struct reception_block **, size_t *, char **);
int	 reception_block_close(struct db *, int64_t, char **);

/*
 * 本人確認: the documents seen for the open reception, typed by their numbers or names
 * (reception_documents_choices), recorded with who checked them and when, audited
 * (reception.identity). Refused unless they prove the identity: one document with a
 * photograph, or two others. No document's number is ever recorded.
 */
int	 reception_identity_set(struct db *, const struct actor *, const char *,
	    const char *, char **);
/* "1 マイナンバーカード 2 運転免許証 ...": the documents, numbered, allocated. */
char	*reception_documents_choices(struct db *);
/* The documents' names in the reader's language, "運転免許証、住民票の写し"; allocated. */
char	*reception_documents_shown(struct db *, const char *);

/*
 * Fees (手数料). The fee kind of an application kind: a registration is an issue (交付), a
 * reissue a reissue (再交付) or, for the reason "rewrite", a rewrite (書換え交付); NULL for
 * what has no fee. The amount due comes from the fee table, by kind, qualification (NULL:
 * any) and the date received.
 */
const char *reception_fee_kind(const char *, const char *);
int	 reception_fee_due(struct db *, const char *, const char *, const char *, int64_t *,
	    char **);
/*
 * Records the fee received with the open reception: fee kind, qualification, payment
 * (stamp, cash, online, exempt), the amount (the table's, or 0 when exempt, then with the
 * reason); in the caller's transaction or its own; audited (reception.fee). Refused when
 * one is recorded already or the amount is not the table's. The refund is made with the
 * withdrawal (reception_withdraw), once, and never of an exempt fee.
 */
int	 reception_fee_record(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, int64_t, const char *, char **);
int	 reception_fee_totals(struct db *, const char *, const char *, struct fee_total **,
	    size_t *, char **);
const char *reception_fee_kind_label(const char *);
const char *reception_payment_label(const char *);

/* The label of a channel or status code for screens (translated), the code if unknown. */
const char *reception_channel_label(const char *);
const char *reception_status_label(const char *);

#endif
