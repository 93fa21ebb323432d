/* db/register/: the merge and split of holders, and the duplicate check at approval.
 * May use: lib/, db/. */
/*
 * Two holders found to be one person (名寄せ, issue 25). A clerk (register.apply) files a
 * merge of the holder on the screen into another, named by its holder id or a certificate
 * number, with a reason; another supervisor (approval.queue) approves it. The merged
 * holder's registrations then move to the kept holder, and the merged holder's row stays,
 * marked merged_into: search lists the person once, its id still opens it. Both holders
 * get a 'merge' event that says what moved; a split (an application on the merged holder)
 * moves exactly that back and writes 'split' on both.
 *
 * Refused, each with the rule named and nothing changed: a holder merged into itself; an
 * erased holder, merged or kept; a holder already merged, merged or kept; a holder with an
 * application waiting for a supervisor; two different My Numbers (two persons); a merged
 * holder with a My Number the kept holder lacks (the My Number stays where it is recorded:
 * the holder that has it is kept).
 */
#ifndef REGISTER_MERGE_H
#define REGISTER_MERGE_H

#include "register/register.h"

struct db;

/*
 * File a merge of merged_id into the holder named by other (a holder id, or a certificate
 * number of one holder), with a reason. id gets the application's id.
 */
int	 merge_submit(struct db *, const struct actor *, const char *, const char *,
	    const char *, char [37], char **);
/* File a split of merged_id (a merged holder), with a reason. */
int	 split_submit(struct db *, const struct actor *, const char *, const char *,
	    char [37], char **);

/*
 * -1 with a message naming the holder kept when id is merged: applications are filed for
 * the person on the holder kept (application_submit), only a split on the merged one.
 */
int	 merge_refuse_merged(struct db *, const char *, char **);

/* application_decide's approval of a merge or a split, in its transaction. */
int	 merge_apply(struct db *, const struct actor *, struct application *, char **);
int	 split_apply(struct db *, const struct actor *, struct application *, char **);

/* What the holder's screen says about merges: into whom, or who was merged into it. */
struct merge_note {
	char	 id[37];
	char	*name;		/* 姓 名 of that holder */
};

/*
 * *into: the holder id was merged into (id, name), or an empty id; *from: the holders
 * merged into id. Not audited: the holder's view that calls it is.
 */
int	 merge_notes(struct db *, const char *, struct merge_note *,
	    struct merge_note **, size_t *, char **);
void	 merge_notes_free(struct merge_note *, struct merge_note *, size_t);
/* "姓 名" of a holder (allocated), or NULL. */
char	*merge_holder_name(struct db *, const char *);
/*
 * A 'merge' or 'split' event's before_json in words, for its history line: *other the
 * other holder's "姓 名" (its id if the register has no such holder), *certificates the
 * certificate numbers of the registrations that moved, ", " between them ("" for none);
 * both allocated. -1 (and both NULL) when the JSON names no other holder.
 */
int	 merge_event_words(struct db *, const char *, char **, char **);

/*
 * The duplicate check when a supervisor approves a registration for a new holder: the
 * holders on the register now (approved since the filing too) that its person may be, as
 * reg_duplicates finds them. Needs approval.queue.
 */
int	 reg_duplicates_at_approval(struct db *, const struct actor *, const char *,
	    struct reg_duplicate **, size_t *, char **);
/*
 * application_decide's approval (applications.c) with the supervisor's reason why the
 * person of a new holder's registration is none of the candidates above.
 */
int	 application_approve_different(struct db *, const struct actor *, const char *,
	    const char *, const char *, char **);
/*
 * Inside application_decide: an approval with candidates needs the supervisor's reason
 * why the person is different (different, NULL if none was given); *comment then becomes
 * the decision's comment with that reason in it (allocated), else NULL.
 */
int	 reg_duplicates_approval_check(struct db *, const struct actor *,
	    const struct application *, const char *, const char *, char **, char **);

#endif
