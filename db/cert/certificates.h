/*
 * Certificates (免状, SPEC §6): issued with a registration, reissued (再交付) or rewritten
 * (書換え交付) through an application a supervisor approves, printed and reprinted.
 *
 * The 免状番号 stays with the registration for life: the assessment documents keep one
 * 免状番号 with its 再交付日 and 再交付回数, and SPEC §6 has the issue assign "the reissue
 * date and count". New numbers come from the leased blocks (cert-numbers.h) when a
 * registration is approved without one. Each paper certificate is one row of the
 * certificates table; a reissue or rewrite voids the one before, so that a lost paper
 * that turns up is known to be void (its reissue count is lower than the valid one's).
 *
 * A reissue application goes through application_submit (APP_REISSUE) and
 * application_decide like every other application; the functions marked "for
 * db/register/applications.c" are its parts.
 *
 * Access: reissue.apply to apply, approval.queue to decide, cert.print to print. Every
 * print is in the print log and the audit log (cert.print, or cert.reprint after the
 * first).
 */
#ifndef CERTIFICATES_H
#define CERTIFICATES_H

#include <stddef.h>
#include <stdint.h>

#include "register/register.h"

struct db;
struct reg_item;

/*
 * Whether the registration may have its certificate reissued now: 0, or -1 with the
 * refusal (its status and the recorded reason) that a submit would give. For the
 * screen, so that the clerk sees the refusal before typing the application.
 */
int	 reissue_allowed(struct db *, const char *, const char *, char **);
/*
 * The Juki-net answer a reissue of the holder confirms the identity with: the file id of
 * the newest answered lookup made for the holder's open reissue reception, or "" if none.
 */
void	 reissue_juki_answer(struct db *, const char *, char [24]);
/*
 * The holder's answered Juki-net lookups, newest first (at most 9), each as its file id
 * and a line to choose it by: "Q0000000012  2026-12-06 10:15  R2026-0000001".
 */
struct juki_answer_choice {
	char	 file_id[24];
	char	 line[96];
};
int	 reissue_juki_answers(struct db *, const char *, struct juki_answer_choice [9],
	    int *, char **);
/*
 * For db/register/applications.c. Checks of a reissue application's checked values (items from
 * reg_reissue_items and, for 書換え, reg_holder_items): the registration is the holder's
 * and valid (停止, 取消, 消除 and 返納 are refused with the status and its recorded
 * reason), no other reissue of it is pending, identity was checked, the fee agrees with
 * its kind, the date received is not in the future, and the name or 本籍 items come only
 * with 書換え and differ from the record. *base_version gets the holder's version.
 */
int	 reissue_check_submit(struct db *, const char *, const char *,
	    const struct reg_item *const *, char *const *, size_t, int64_t *, char **);
/*
 * For db/register/applications.c, on approval: the same checks against the register as it is
 * now; today gets the local date (the reissue date). For 書換え, "event_date" and
 * "reason_text" are added to the application's values so that the name or 本籍 change is
 * applied as a correction (書換え event with the old values) before the certificate.
 */
int	 reissue_prepare(struct db *, struct application *, char [11], char **);
int	 reissue_is_rewrite(const struct application *);
/*
 * For db/register/applications.c: void the valid certificate, issue its successor
 * (reissue: count + 1 and today's date; rewrite: the same count), update the registration's reissue
 * count and record the 再交付 event, all in the caller's transaction.
 */
int	 reissue_issue(struct db *, const struct actor *, struct application *,
	    const char *, char **);
/*
 * For db/register/applications.c, approving a registration: a registration applied for
 * without a certificate number gets the next number of the leased blocks (in the same transaction:
 * see cert-numbers.h), and its first certificate is recorded.
 */
int	 cert_assign_number(struct db *, struct application *, const char *, char **);
int	 cert_issue_first(struct db *, const struct actor *, const struct application *,
	    char **);

/* Everything a certificate shows, for the PDF and its signed record. */
struct cert_doc {
	char			 id[37];		/* certificates.id */
	char			 registration_id[37];
	char			 holder_id[37];
	char			*certificate_number;
	char			*qualification;		/* code, e.g. building-hygiene */
	char			*kind;			/* issue, reissue, rewrite */
	char			*issued_on;		/* this paper's date */
	char			*issue_date;
	char			*reissue_date;		/* "" if never reissued */
	unsigned		 reissue_count;
	struct reg_value	*holder;		/* the holder's items */
	size_t			 n_holder;
	int			 prints;		/* times printed before */
};

/*
 * The valid certificate of a registration, for printing (needs cert.print). Refused
 * unless the registration is valid. A registration recorded before certificates were
 * kept gets its certificate recorded now, from the registration and its history.
 */
int	 cert_doc_load(struct db *, const struct actor *, const char *, struct cert_doc *,
	    char **);
void	 cert_doc_clear(struct cert_doc *);

/*
 * Record a print in the print log and the audit log, in one transaction: destination
 * ("printer:QUEUE" or "spool:PATH"), the PDF's SHA-256 and whether it worked. A print
 * of a certificate printed before is a reprint (audited as cert.reprint).
 */
int	 cert_print_record(struct db *, const struct actor *, const char *, const char *,
	    const char *, int, char **);

/* A registration's certificates, newest first, for the holder's screen. */
struct cert_summary {
	char		 id[37];
	char		*certificate_number;
	char		*kind;
	char		*issued_on;
	char		*status;		/* valid, void */
	unsigned	 reissue_count;
	int		 prints;		/* printed: jobs CUPS completed, or spooled */
	int		 failed_prints;		/* with none printed: "not printed" */
};
int	 cert_list(struct db *, const char *, struct cert_summary **, size_t *, char **);
/*
 * The certificate a registration holds now, without changing anything: its valid
 * certificate, or for a registration recorded before certificates were kept, its number
 * and reissue count (id "", prints 0). 0 found, 1 none (not valid any more), -1 error.
 */
int	 cert_held(struct db *, const char *, struct cert_summary *, char **);
void	 cert_list_free(struct cert_summary *, size_t);

/* For db/ only. */
/*
 * The id of the registration's valid certificate. A registration recorded before
 * certificates were kept has none: its last paper is recorded now from the registration
 * and its history, created_by recording it.
 */
int	 cert_current(struct db *, const char *, const char *, char [37], char **);
/* One row of certificates into the outbox. */
int	 cert_outbox(struct db *, const char *, int, char **);

#endif
