/*
 * An export run (SPEC §9, issue 21): the grantee makes the file a grant allows, in two
 * steps with the two-person check between them. export_prepare reads the rows masked,
 * builds the CSV and encrypts it to the grant's recipient (whose certificate must still
 * be valid and be the one granted), all in memory; what the second person must see is in
 * the preparation. export_commit, once they confirmed, writes the encrypted file to the
 * export spool and enters it in the export register with who checked it; the grant is
 * used when it is for one export. Nothing leaves the memory before that.
 */
#ifndef EXPORT_RUN_H
#define EXPORT_RUN_H

#include <stddef.h>

#include "export/export-csv.h"
#include "export/export-grants.h"

struct actor;
struct db;

struct export_prepared {
	struct export_grant	 grant;
	char			**cells;	/* the masked rows, as in the file */
	size_t			 rows;
	struct export_bytes	 encrypted;
	char			 fingerprint[65];	/* of the recipient's certificate */
};

struct export_result {
	char	*path;		/* the encrypted file */
	char	 sha256[65];
	size_t	 rows, columns;
	char	 register_id[37];
};

int	 export_prepare(struct db *, const struct actor *, const char *,
	    struct export_prepared *, char **);
/* checked_by: the second person who confirmed it (never the grantee). */
int	 export_commit(struct db *, const struct actor *, const char *, const char *,
	    struct export_prepared *, struct export_result *, char **);
void	 export_prepared_clear(struct export_prepared *);
/* Prepare and commit at once, checked by checked_by (the tools, the tests). */
int	 export_run(struct db *, const struct actor *, const char *, const char *,
	    const char *, struct export_result *, char **);
void	 export_result_clear(struct export_result *);

#endif
