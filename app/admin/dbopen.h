/* What the command-line tools share: load the key and open the database, or say why not. */
#ifndef DBOPEN_H
#define DBOPEN_H

#include "db.h"

struct db	*dbopen_tool(const char *, const char *, const char *, enum db_open_mode,
		    char **);

#endif
