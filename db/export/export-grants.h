/*
 * Export grants and the export register (SPEC §9, issue 21; migration 0016). A grant is
 * one user's permission for one export: the holders, the columns with their masks, the
 * encoding, the recipient (name and certificate), how long. The rows it lets out are read
 * here, masked; the export run (app/export/export-run.h) builds, encrypts and registers.
 */
#ifndef EXPORT_GRANTS_H
#define EXPORT_GRANTS_H

#include <stddef.h>
#include <stdint.h>

#include "export/export-csv.h"
#include "export/export-mask.h"

struct actor;
struct db;

struct export_column {
	char			 name[32];	/* of export_column_names */
	enum export_mask	 mask;
};

/* The columns an export may have, NULL-terminated. */
extern const char *const export_column_names[];

/*
 * Columns as a supervisor types them: words separated by spaces or commas, each a column
 * or column:mask ("name:family-only address:municipality sex"). Refused with why: an
 * unknown column or mask, a column twice, none at all. Whether a mask fits its column is
 * the grant's check (export_grant_create).
 */
int	 export_columns_parse(const char *, struct export_column **, size_t *, char **);

struct export_grant {
	char			 id[37];
	char			*grantee, *granted_by, *purpose, *procedure;
	char			**holders;
	size_t			 n_holders;
	struct export_column	*columns;
	size_t			 n_columns;
	enum export_encoding	 encoding;
	char			*recipient_name, *recipient_cert, *recipient_fingerprint;
	int			 single_use;
	char			*granted_at, *valid_until, *status;
};

/*
 * A supervisor grants (the fields of g but id, granted_by, granted_at and status; hours
 * of validity, at most max_hours). Refused with why: the granter as grantee, a grantee
 * without an active account or the export.run function, an unknown column or a mask that
 * does not fit it, My Number for a grantee without the My Number permission, a holder
 * this terminal does not hold, a period out of range.
 */
int	 export_grant_create(struct db *, const struct actor *, struct export_grant *, int,
	    int, char **);
int	 export_grant_get(struct db *, const char *, struct export_grant *, char **);
void	 export_grant_clear(struct export_grant *);
/* The ids of user's grants that may be run now (active, in their time), newest first. */
int	 export_grants_usable(struct db *, const char *, char ***, size_t *, char **);
/* The columns with what each mask does, as people read them: "name (family name only) sex". */
char	*export_columns_describe(const struct export_grant *);
/* The grants of the ids (which it frees), those that can be read, in their order. */
struct export_grant *export_grants_get(struct db *, char **, size_t, size_t *);
void	 export_grants_free(struct export_grant *, size_t);
/* Every grant, newest first (the supervisors' list). */
int	 export_grants_all(struct db *, char ***, size_t *, char **);
/* An active grant revoked by a supervisor, with why; its file is erased at the next
 * export_expire. */
int	 export_grant_revoke(struct db *, const struct actor *, const char *, const char *,
	    char **);
/* Active grants past their time become expired; *ids gets their ids (to clear files). */
int	 export_grants_expire(struct db *, char ***, size_t *, char **);

/*
 * The grant's rows, masked, row-major (n_holders rows of n_columns cells, allocated),
 * in the order the grant lists the holders. Refused for anyone but the grantee, a grant
 * not active, past its time, or used when single-use (each refusal audited as denied).
 */
int	 export_grant_rows(struct db *, const struct actor *, const struct export_grant *,
	    char ***, size_t *, char **);
void	 export_rows_free(char **, size_t);

/*
 * The file made under the grant, in the export register, in one transaction with the
 * grant used (single-use) and one audit entry per holder ("holder:ID export:REGISTER"),
 * so that every disclosure lists the export; checked_by is the second person of the
 * two-person check, who confirmed it at the desk (checked_at). reg_id gets the id.
 */
int	 export_register_add(struct db *, const struct actor *, const struct export_grant *,
	    const char *, const char *, size_t, const char *, char [37], char **);

/*
 * Grants past their time become expired, and the encrypted files made under grants past
 * their time (used or not) or revoked that are still in the export spool are erased, with
 * one erasure record (kind export_files) for them all; *erased says how many files went.
 */
int	 export_expire(struct db *, const struct actor *, int64_t *, char **);

/* One line of the media register (媒体管理簿): an export with its grant and its check. */
struct export_entry {
	char	 id[37];
	char	*left_at;	/* NULL: still in the spool, not handed over */
	char	*made_at, *made_by, *checked_by, *recipient, *purpose, *procedure;
	char	*granted_by, *sha256, *file;
	int64_t	 rows, columns;
};
/* Every export, newest first (reading it is audited by the caller). */
int	 export_register_read(struct db *, struct export_entry **, size_t *, char **);
void	 export_register_free(struct export_entry *, size_t);
/*
 * The export left the office (handed over on its medium): left_at is set, and its copy in
 * the export spool is erased with an erasure record, in one transaction.
 */
int	 export_register_left(struct db *, const struct actor *, const char *, char **);

#endif
