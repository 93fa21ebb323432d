/* The configuration last seen, and a change made outside madoguchi-admin config. */
#ifndef AUDIT_CONFIG_H
#define AUDIT_CONFIG_H

#include "audit/audit.h"

struct db;

/* config_shown()'s text as last stored, or *shown NULL before the first. */
int	 audit_config_seen(struct db *, char **, char **);
int	 audit_config_seen_store(struct db *, const char *, char **);
/*
 * shown against the one last seen: a difference is audited as config.changed, under who
 * noticed it; then shown is stored as seen (the first time silently).
 */
int	 audit_config_notice(struct db *, const struct actor *, const char *, char **);

#endif
