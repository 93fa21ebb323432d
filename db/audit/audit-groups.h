/*
 * The groups a reviewer filters the audit log by (SPEC §8): login, view, search, Juki,
 * change, approval, print, export, admin, sync. An entry keeps its action name as the code
 * wrote it ("juki.result.view", "cert.reprint"); this table says which group each name
 * belongs to, so that the log itself never has to change when the grouping does.
 */
#ifndef AUDIT_GROUPS_H
#define AUDIT_GROUPS_H

#include <stddef.h>

/* The group names, in the order the screen offers them, NULL-terminated. */
extern const char *const audit_group_names[];

/* The group of an action name, or NULL for one no group claims. */
const char	*audit_action_group(const char *);
/* Whether name is one of audit_group_names. */
int		 audit_group_valid(const char *);
/* The group's label for people (translated). */
const char	*audit_group_label(const char *);

/*
 * What an action is, in Japanese, for the resident's disclosure (開示), which is in
 * Japanese whatever the desk's language: the action's own label when it has one, its
 * group's otherwise, its code when it has neither.
 */
const char	*audit_action_ja(const char *);
/* ok, denied, failed as the disclosure says them. */
const char	*audit_result_ja(const char *);

#endif
