/* sync-tool's administrative actions (sync-tool-actions.c). */
#ifndef SYNC_TOOL_ACTIONS_H
#define SYNC_TOOL_ACTIONS_H

struct actor;
struct db;

/* argv: REGISTRATION_ID ACTION DATE UNTIL|- CODE */
int	 tool_action(struct db *, const struct actor *, const struct actor *, char **,
	    char **);
int	 tool_refuse_new(struct db *, const struct actor *, const struct actor *,
	    const char *, const char *, char **);

#endif
