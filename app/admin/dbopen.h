/* What the command-line tools share: load the key and open the database, or say why not. */
#ifndef DBOPEN_H
#define DBOPEN_H

#include "audit/audit-key.h"
#include "db.h"

struct config;

struct db	*dbopen_tool(const char *, const char *, const char *, enum db_open_mode,
		    char **);
/* The same, saying why it failed (*err; see enum db_error). */
struct db	*dbopen_tool_err(const char *, const char *, const char *,
		    enum db_open_mode, enum db_error *, char **);
int		 dbopen_audit(struct db *, const struct config *, const char *,
		    enum audit_key_mode, char **);

#endif
