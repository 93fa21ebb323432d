/*
 * An export run (SPEC §9, issue 21): the grantee makes the file a grant allows. The rows
 * are read masked, the CSV built in memory, encrypted to the grant's recipient (whose
 * certificate must still be valid and be the one granted), written to the export spool
 * and entered in the export register, with the grant used when it is for one export.
 */
#ifndef EXPORT_RUN_H
#define EXPORT_RUN_H

#include <stddef.h>

struct actor;
struct db;

struct export_result {
	char	*path;		/* the encrypted file */
	char	 sha256[65];
	size_t	 rows, columns;
	char	 register_id[37];
};

int	 export_run(struct db *, const struct actor *, const char *, const char *,
	    struct export_result *, char **);
void	 export_result_clear(struct export_result *);

#endif
