/* db/compliance/: the office's registers and the evidence of the self-inspection report.
 * May use: lib/, db/. */
/*
 * The evidence behind the self-inspection report (SPEC §14, issue 23): each function
 * reads one kind of record for a period (from and to, local dates, both included) and
 * gives one line per record, in the reader's language, and their number. The report's
 * rules (app/compliance/) decide the answers from them; nothing here judges.
 */
#ifndef COMPLIANCE_EVIDENCE_H
#define COMPLIANCE_EVIDENCE_H

#include <stddef.h>

struct central_row;
struct db;

/*
 * Which accounts the evidence reads: this terminal's, or every terminal's of the office
 * as the central store gave them (db/sync/sync-inspection.h), shown as user@terminal.
 * One of the two is called before any ev_*: it also makes the labels of the evidence
 * known (compliance-labels.h), its dates in the era when era is set (date_style).
 */
int	 compliance_accounts_local(struct db *, int, char **);
int	 compliance_accounts_office(struct db *, int, const struct central_row *, size_t,
	    char **);

struct evidence {
	char	**lines;
	size_t	  n;
};

void	 evidence_free(struct evidence *);
void	 evidence_add(struct evidence *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Attestations for survey item (1-15) stated on or before to, newest first. */
int	 ev_attestations(struct db *, int, const char *, struct evidence *, char **);
/* Active accounts that handle personal data (a role with such a function), and of them
 * those without procedures (事務) named. */
int	 ev_handlers(struct db *, struct evidence *, struct evidence *, char **);
/* Handlers without any training (kind: NULL for any) taken in the period. */
int	 ev_untrained(struct db *, const char *, const char *, const char *, struct evidence *,
	    char **);
/* Training taken in the period. */
int	 ev_training(struct db *, const char *, const char *, struct evidence *, char **);
/* Handlers who became so in the period (approved), and of them those without a
 * new-handler or transfer training within grace days after. */
int	 ev_new_handlers(struct db *, const char *, const char *, int, struct evidence *,
	    struct evidence *, char **);
/* Incidents found in the period with their steps; of them those involving My Numbers,
 * and of those the ones not reported (no step ⑤). */
int	 ev_incidents(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, struct evidence *, char **);
/* Log review sign-offs whose period meets the period, and the days of the period (up to
 * today) no sign-off covers, as ranges. */
int	 ev_reviews(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, char **);
/* Unusual-use flags acknowledged in the period, with the follow-up. */
int	 ev_flag_acks(struct db *, const char *, const char *, struct evidence *, char **);
/* Media imports decided in the period with their decisions, those still waiting, and
 * exports made in the period with their grants and checks. */
int	 ev_media(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, struct evidence *, char **);
/* Accounts approved and revoked in the period; revocations after the account's validity
 * had ended (late), and accounts still active past their validity. */
int	 ev_accounts(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, struct evidence *, struct evidence *, char **);
/* Erasure records, backups and restore tests in the period. */
int	 ev_erasures(struct db *, const char *, const char *, struct evidence *, char **);
int	 ev_backups(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, struct evidence *, char **);
/* Enquiries and disclosure requests received in the period, and those unanswered. */
int	 ev_enquiries(struct db *, const char *, const char *, struct evidence *,
	    struct evidence *, char **);

#endif
