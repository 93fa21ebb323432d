/* db/compliance/: the office's registers and the evidence of the self-inspection report.
 * May use: lib/, db/. */
/*
 * The registers behind the self-inspection report (自己点検, SPEC §14, issue 23; migration
 * 0018): incidents (漏えい等事案) and their response steps ①-⑦, training records,
 * enquiries and disclosure requests (相談・開示請求), and attestations of what the
 * database cannot know. Recorded by supervisors (compliance.record), each in its own
 * transaction with its audit entry and its outbox row. Dates are typed as at the desk
 * (any form valid_date takes) and may not lie in the future: a register records what
 * happened. Every refusal says which field and why.
 */
#ifndef COMPLIANCE_REGISTERS_H
#define COMPLIANCE_REGISTERS_H

#include <stdint.h>

struct actor;
struct db;

/* The response steps, 1-7, in words (translated); NULL for another number. */
const char	*incident_step_label(int);

struct incident_new {
	const char	*found_on, *found_by, *summary, *data_kinds, *cause;
	int64_t		 persons;
	int		 mynumber;	/* My Numbers involved */
};
int	 incident_record(struct db *, const struct actor *, const struct incident_new *,
	    char [37], char **);
/* Step (1-7) of an incident done on a date by someone; once per step. */
int	 incident_step_record(struct db *, const struct actor *, const char *, int,
	    const char *, const char *, const char *, char **);

/* kind: new_handler, transfer, annual, security. The person must have an account. */
int	 training_record(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, char **);
extern const char *const training_kinds[];
const char	*training_kind_label(const char *);
/* An enquiry's kind (consultation, disclosure) for people; another as it is. */
const char	*enquiry_kind_label(const char *);

/* kind: consultation, disclosure; holder (a disclosure's) may be NULL. */
int	 enquiry_record(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, char [37], char **);
int	 enquiry_answer(struct db *, const struct actor *, const char *, const char *,
	    const char *, char **);

/* A statement for survey item 1-15, resting on a document, made on a date. */
int	 attestation_record(struct db *, const struct actor *, int, const char *,
	    const char *, const char *, char **);

#endif
