/*
 * The rules of the unusual-use flags (SPEC §8), as data: a threshold and a window per
 * rule (audit_rules, migration 12), shown on a screen and changed only by a supervisor
 * (function audit.signoff), each change audited. What each rule counts is
 * audit-flags.c's.
 */
#ifndef AUDIT_RULES_H
#define AUDIT_RULES_H

#include <stddef.h>

struct actor;
struct db;

struct audit_rule {
	char	 name[32];
	char	*label;
	int	 threshold;		/* a flag is raised when the count reaches it */
	int	 window_minutes;	/* 0: the rule counts per day */
	char	*changed_by;		/* NULL: as installed */
	char	*changed_at;
};

int	 audit_rules_list(struct db *, int, struct audit_rule **, size_t *, char **);
void	 audit_rules_free(struct audit_rule *, size_t);
int	 audit_rule_set(struct db *, const struct actor *, const char *, int, int, char **);
char	*audit_rules_summary(const struct audit_rule *, size_t);

#endif
