/*
 * Merge and split at the desk (reg-merge.h). The data layer checks every rule again
 * (register-merge.c); the dialogs only gather what it needs, and every holder shown to
 * someone as a possible same person is audited under that holder, as the duplicate check
 * at filing does (reg-duplicates.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "i18n.h"
#include "register/reg-merge.h"
#include "register/register-merge.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define MERGE_SHOWN	9	/* candidates listed, as at filing */

static void	 shown_audit(struct ui *, const char *, const char *);
static char	*candidate_list(struct ui *, const struct reg_duplicate *, size_t,
		    const char *);
static int	 merge_ask(struct ui *, const struct holder_view *);
static int	 split_ask(struct ui *, const struct holder_view *, const struct merge_note *);
static int	 merged_open(struct ui *, const struct holder_view *,
		    const struct merge_note *, size_t);

/* A candidate shown: audited under that holder. */
static void
shown_audit(struct ui *ui, const char *holder_id, const char *why)
{
	struct actor	 who;
	char		*target;

	session_actor(ui_session(ui), &who);
	xasprintf(&target, "holder:%s", holder_id);
	(void)audit_actor(ui_db(ui), &who, "register.duplicate.view", target, "ok", why, NULL);
	free(target);
}

/* "1  渡辺 賢治 (ワタナベ ケンジ, 1970-01-01): why" lines, each shown audited. */
static char *
candidate_list(struct ui *ui, const struct reg_duplicate *d, size_t n, const char *self)
{
	char	*list = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < n && i < MERGE_SHOWN; i++) {
		if (self != NULL && strcmp(d[i].holder_id, self) == 0)
			continue;
		xasprintf(&next, "%s%zu  %s (%s, %s): %s\n", list, i + 1, d[i].name, d[i].kana,
		    d[i].birth_date, _(d[i].why));
		free(list);
		list = next;
		shown_audit(ui, d[i].holder_id, _(d[i].why));
	}
	return list;
}

/*
 * The holders this one may be the same person as (its own duplicate check, itself and
 * pending applications left out), then the other holder as picked or typed, the reason.
 */
static int
merge_ask(struct ui *ui, const struct holder_view *h)
{
	struct reg_duplicate	*d = NULL;
	struct actor		 who;
	size_t			 nd = 0, i, n = 0;
	char			*cause = NULL, *list, *prompt, other[64], reason[201], id[37];
	long			 pick;

	/* Candidates that are holders other than this one, in the order found. */
	if (reg_duplicates(ui_db(ui), h->values, h->n_values, &d, &nd, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	for (i = 0; i < nd; i++) {
		if (d[i].pending || strcmp(d[i].holder_id, h->id) == 0) {
			free(d[i].name);
			free(d[i].kana);
		} else
			d[n++] = d[i];
	}
	nd = n;
	if (nd > MERGE_SHOWN)
		nd = MERGE_SHOWN;	/* the rest stay allocated in d: freed by count n */
	list = candidate_list(ui, d, nd, NULL);
	if (*list != '\0')
		xasprintf(&prompt, _("Merge this holder into another (名寄せ): the other's "
		    "registrations stay, this one's move there.\n%s\nThe number of one above, "
		    "or the other holder's id or certificate number:"), list);
	else
		xasprintf(&prompt, _("Merge this holder into another (名寄せ): the other's "
		    "registrations stay, this one's move there.\nThe other holder's id or "
		    "certificate number:"));
	free(list);
	*other = '\0';
	if (dialog_input(ui, _("Merge (名寄せ)"), prompt, 0, other, sizeof other) != 0) {
		free(prompt);
		reg_duplicates_free(d, n);
		return -1;
	}
	free(prompt);
	pick = strspn(other, "0123456789") == strlen(other) && *other != '\0' &&
	    strlen(other) < 3 ? strtol(other, NULL, 10) : 0;
	if (pick > 0 && (size_t)pick <= nd)
		snprintf(other, sizeof other, "%s", d[pick - 1].holder_id);
	reg_duplicates_free(d, n);
	if (dialog_input(ui, _("Merge (名寄せ)"), _("Why are the two one person? (recorded, "
	    "and shown to the approving supervisor)"), 0, reason, sizeof reason) != 0)
		return -1;
	session_actor(ui_session(ui), &who);
	if (merge_submit(ui_db(ui), &who, h->id, other, reason, id, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Applied for the merge: a supervisor approves it."));
	return 0;
}

static int
split_ask(struct ui *ui, const struct holder_view *h, const struct merge_note *into)
{
	struct actor	 who;
	char		*text, *cause = NULL, reason[201], id[37];

	xasprintf(&text, _("This holder is merged into %s (%.8s). Apply for the split: the "
	    "registrations the merge moved come back here?"), into->name, into->id);
	if (!dialog_confirm(ui, _("Split (名寄せの取消し)"), text)) {
		free(text);
		return -1;
	}
	free(text);
	if (dialog_input(ui, _("Split (名寄せの取消し)"), _("Why are they two persons? "
	    "(recorded)"), 0, reason, sizeof reason) != 0)
		return -1;
	session_actor(ui_session(ui), &who);
	if (split_submit(ui_db(ui), &who, h->id, reason, id, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Applied for the split: a supervisor approves it."));
	return 0;
}

int
reg_merge_ask(struct ui *ui, const struct holder_view *h)
{
	struct merge_note	 into, *from = NULL;
	size_t			 n_from = 0;
	char			*cause = NULL;
	int			 rc;

	if (merge_notes(ui_db(ui), h->id, &into, &from, &n_from, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	if (*into.id != '\0')
		rc = split_ask(ui, h, &into);
	else if (n_from > 0)
		rc = merged_open(ui, h, from, n_from);
	else
		rc = merge_ask(ui, h);
	merge_notes_free(&into, from, n_from);
	return rc;
}

/*
 * On a holder others were merged into: open one of them (its own g applies for the
 * split; search no longer lists it), or merge this one on into another.
 */
static int
merged_open(struct ui *ui, const struct holder_view *h, const struct merge_note *from,
    size_t n)
{
	char	*list = xstrdup(""), *next, *prompt, answer[16], id[37];
	size_t	 i;
	long	 pick;

	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s%zu  %s (%s)\n", list, i + 1, from[i].name, from[i].id);
		free(list);
		list = next;
	}
	xasprintf(&prompt, _("Holders merged into this one (名寄せ):\n%s\nThe number of one "
	    "to open it (g there applies for its split), or 0 to merge this holder into "
	    "another:"), list);
	free(list);
	*answer = '\0';
	if (dialog_input(ui, _("Merge (名寄せ)"), prompt, 0, answer, sizeof answer) != 0) {
		free(prompt);
		return -1;
	}
	free(prompt);
	pick = strspn(answer, "0123456789") == strlen(answer) && *answer != '\0' ?
	    strtol(answer, NULL, 10) : -1;
	if (pick == 0)
		return merge_ask(ui, h);
	if (pick < 0 || (size_t)pick > n) {
		ui_set_message(ui, _("Answer with one of the numbers listed, or 0."));
		return -1;
	}
	/* The screen's init copies the id at once. */
	snprintf(id, sizeof id, "%s", from[pick - 1].id);
	ui_push(ui, &screen_holder, id);
	return -1;
}

void
reg_merge_note(struct ui *ui, const char *id, char **into_line, char **from_line)
{
	struct merge_note	 into, *from = NULL;
	size_t			 n_from = 0, i;
	char			*cause = NULL, *next;

	*into_line = *from_line = NULL;
	if (merge_notes(ui_db(ui), id, &into, &from, &n_from, &cause) != 0) {
		free(cause);
		return;
	}
	if (*into.id != '\0')
		xasprintf(into_line, _("Merged into %s (%s): its registrations are there; g "
		    "applies for the split"), into.name, into.id);
	for (i = 0; i < n_from; i++) {
		xasprintf(&next, "%s%s%s (%s)", *from_line != NULL ? *from_line : _("Merged "
		    "into this holder: "), *from_line != NULL ? ", " : "", from[i].name,
		    from[i].id);
		free(*from_line);
		*from_line = next;
	}
	merge_notes_free(&into, from, n_from);
}

char *
reg_merge_describe(struct ui *ui, const struct application *a)
{
	const char	*other;
	char		*name, *line;

	if (strcmp(a->kind, "merge") != 0 && strcmp(a->kind, "split") != 0)
		return NULL;
	if ((other = reg_values_get(a->values, a->n_values, "merge_holder_id")) == NULL)
		return NULL;
	name = merge_holder_name(ui_db(ui), other);
	xasprintf(&line, strcmp(a->kind, "merge") == 0 ? _("Merged into (kept): %s (%s)") :
	    _("Split from (was kept): %s (%s)"), name != NULL ? name : "?", other);
	free(name);
	return line;
}

char *
reg_merge_event_detail(struct ui *ui, const struct event_view *e)
{
	char	*other, *certificates, *line;

	if ((strcmp(e->kind, "merge") != 0 && strcmp(e->kind, "split") != 0) ||
	    e->before == NULL)
		return NULL;
	if (merge_event_words(ui_db(ui), e->before, &other, &certificates) != 0)
		return NULL;
	xasprintf(&line, _("Other holder: %s; registrations moved: %s"), other,
	    *certificates != '\0' ? certificates : _("none"));
	free(other);
	free(certificates);
	return line;
}

int
reg_merge_approval_dups(struct ui *ui, const char *app_id, char **different)
{
	struct reg_duplicate	*d;
	struct actor		 who;
	size_t			 nd;
	char			*cause = NULL, *list, *prompt, reason[201];

	*different = NULL;
	session_actor(ui_session(ui), &who);
	if (reg_duplicates_at_approval(ui_db(ui), &who, app_id, &d, &nd, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	if (nd == 0)
		return 0;
	list = candidate_list(ui, d, nd, NULL);
	reg_duplicates_free(d, nd);
	xasprintf(&prompt, _("The register now holds people this applicant may be:\n%s\nWhy "
	    "is the applicant a different person? (recorded with the approval; Esc, then r "
	    "to reject)"), list);
	free(list);
	*reason = '\0';
	if (dialog_input(ui, _("Same person?"), prompt, 0, reason, sizeof reason) != 0 ||
	    reason[strspn(reason, " \xe3\x80\x80")] == '\0') {
		free(prompt);
		ui_set_message(ui, _("Not approved: a different person needs the reason why."));
		return -1;
	}
	free(prompt);
	*different = xstrdup(reason);
	return 0;
}
