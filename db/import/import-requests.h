/* db/import/: media import requests (SPEC §9, issue 21; migration 0017).
 * May use: lib/, db/. */
/*
 * A file brought in on media comes in only through a request: the file in the import
 * spool by name, SHA-256 and size, where it came from and why. A supervisor other than
 * the requester decides it: rejected, or approved and imported whole (app/import/) or,
 * when its parser or the register refuses it, failed with nothing imported. Requests are
 * kept for ever; they are the import half of the media register (媒体管理簿).
 */
#ifndef IMPORT_REQUESTS_H
#define IMPORT_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;

struct import_request {
	char	 id[37];
	char	*kind;		/* juki_result, applications */
	char	*file_name, *sha256;
	int64_t	 size;
	char	*source, *purpose, *requested_by, *requested_at;
	char	*status;	/* pending, imported, failed, rejected */
	char	*decided_by, *decided_at, *outcome;	/* NULL while pending */
	int64_t	 records;
};

/* The kinds, NULL-terminated, and what each is in words (translated). */
extern const char *const import_kinds[];
const char	*import_kind_label(const char *);
/* A request's state in words (translated). */
const char	*import_status_label(const char *);

/*
 * A request for the file name in the import spool, as read now (sha256, size). Refused
 * with why: the role, an unknown kind, an empty source or purpose, a file already waiting
 * for a decision under the same name.
 */
int	 import_request_create(struct db *, const struct actor *, const char *, const char *,
	    const char *, int64_t, const char *, const char *, char [37], char **);
int	 import_request_get(struct db *, const char *, struct import_request *, char **);
void	 import_request_clear(struct import_request *);
/* Every request, newest first; pending_only: those waiting for a decision, oldest first. */
int	 import_requests_list(struct db *, int, struct import_request **, size_t *,
	    char **);
void	 import_requests_free(struct import_request *, size_t);
/*
 * Whether who may decide it: import.approve, not the requester, still pending. 0, or -1
 * and why (audited as denied when it is the requester).
 */
int	 import_request_decidable(struct db *, const struct actor *,
	    const struct import_request *, char **);
/*
 * The decision, in the caller's transaction: status imported, failed or rejected, how
 * many records came in, the outcome in words; audited as import.<status>.
 */
int	 import_request_close(struct db *, const struct actor *, const char *, const char *,
	    int64_t, const char *, char **);

#endif
