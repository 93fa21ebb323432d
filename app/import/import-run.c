/* Requesting and deciding media imports (import-run.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "charconv.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "import/import-applications.h"
#include "import/import-requests.h"
#include "import/import-run.h"
#include "import/import-spool.h"
#include "import/import-text.h"
#include "juki.h"
#include "juki/juki-store.h"
#include "retention/retention.h"
#include "xmalloc.h"

int
import_request_file(struct db *db, const struct config *cf, const struct actor *who,
    const char *kind, const char *name, const char *source, const char *purpose,
    char id[37], char **cause)
{
	char	*data, sha256[65];
	size_t	 len;
	int	 rc;

	*cause = NULL;
	if (import_spool_read(cf->import_spool, name, &data, &len, sha256, cause) != 0)
		return -1;
	import_spool_buf_free(data, len + 1);
	rc = import_request_create(db, who, kind, name, sha256, (int64_t)len, source, purpose,
	    id, cause);
	return rc;
}

/* Close the request as status, and erase its file, in one transaction of its own. */
static int
close_and_erase(struct db *db, const struct config *cf, const struct actor *who,
    const struct import_request *r, const char *status, const char *outcome,
    char **cause)
{
	char	*path, *why;
	int	 rc = -1;

	xasprintf(&path, "%s/%s", cf->import_spool, r->file_name);
	xasprintf(&why, "import request %s: %s", r->id, status);
	if (db_begin(db, cause) == 0) {
		rc = import_request_close(db, who, r->id, status, 0, outcome, cause);
		if (rc == 0)
			rc = retention_shred_recorded(db, who, "import_files", path, why, cause);
		rc = db_finish(db, rc, cause);
	}
	free(path);
	free(why);
	return rc;
}

/* A Juki-net result file, parsed as the inbound spool's are, answering what is pending. */
static int
juki_in(struct db *db, const struct actor *who, const char *data, size_t len,
    int64_t *records, char **outcome, char **why)
{
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex;
	struct charconv		*cc;
	uint64_t		*pending = NULL;
	size_t			 npending = 0, answered;
	int			 rc = -1;

	if ((cc = charconv_open(why)) == NULL)
		return -1;
	if (juki_pending_requests(db, &pending, &npending, why) != 0)
		goto out;
	memset(&ex, 0, sizeof ex);
	ex.terminal_id = db_terminal_id(db);
	ex.requests = pending;
	ex.nrequests = npending;
	if (juki_result_parse(cc, data, len, &ex, &f, why) != 0)
		goto out;
	if (juki_store_results(db, who, f, &answered, why) != 0)
		goto out;
	*records = (int64_t)f->nanswers;
	xasprintf(outcome, "Juki-net result file %s: %zu records answering %zu queries",
	    f->file_id, f->nanswers, answered);
	rc = 0;
out:
	if (f != NULL)
		juki_result_free(f);
	free(pending);
	charconv_close(cc);
	return rc;
}

/* Registration applications from a CSV, each as its requester had typed it. */
static int
applications_in(struct db *db, const struct import_request *r, const struct actor *who,
    const char *data, size_t len, int64_t *records, char **outcome, char **why)
{
	struct import_applications	 a;
	struct charconv			*cc;
	struct actor			 requester;
	char				*text = NULL;
	size_t				 tlen = 0;
	int				 cp932, rc = -1;

	if ((cc = charconv_open(why)) == NULL)
		return -1;
	if (import_text_utf8(cc, data, len, &text, &tlen, &cp932, why) != 0)
		goto out;
	if (import_applications_parse(text, tlen, &a, why) != 0)
		goto out;
	/* The applications are the requester's, decided later by another supervisor. */
	memset(&requester, 0, sizeof requester);
	requester.user = r->requested_by;
	requester.role = "clerk";
	requester.tty = who->tty;
	if (import_applications_submit(db, &requester, &a, why) == 0) {
		*records = (int64_t)a.n;
		xasprintf(outcome, "%zu registration applications (%s), approved for import by "
		    "%s, waiting in the approval queue", a.n, cp932 ? "CP932" : "UTF-8",
		    who->user);
		rc = 0;
	}
	import_applications_free(&a);
out:
	if (text != NULL)
		import_spool_buf_free(text, tlen);
	charconv_close(cc);
	return rc;
}

int
import_approve(struct db *db, const struct config *cf, const struct actor *who,
    const char *id, int64_t *records, int *failed, char **cause)
{
	struct import_request	 r;
	char			*data = NULL, sha256[65], *outcome = NULL, *why = NULL;
	char			*path = NULL, *erase_why = NULL, *cause2 = NULL;
	size_t			 len = 0;
	int			 rc = -1, stored;

	*cause = NULL;
	*records = 0;
	*failed = 0;
	if (import_request_get(db, id, &r, cause) != 0)
		return -1;
	if (import_request_decidable(db, who, &r, cause) != 0)
		goto out;
	/* Not the file requested (gone, a link, changed): nothing to decide on; it waits. */
	if (import_spool_read(cf->import_spool, r.file_name, &data, &len, sha256, cause) != 0)
		goto out;
	if (strcmp(sha256, r.sha256) != 0 || (int64_t)len != r.size) {
		xasprintf(cause, _("%s is not the file that was requested: its SHA-256 is now "
		    "%.16s…, it was %.16s…; reject the request and request it again"),
		    r.file_name, sha256, r.sha256);
		goto out;
	}
	xasprintf(&path, "%s/%s", cf->import_spool, r.file_name);
	xasprintf(&erase_why, "import request %s: imported", r.id);
	/* One transaction: what the file holds, the request closed, the file erased. */
	if (db_begin(db, cause) != 0)
		goto out;
	stored = strcmp(r.kind, "juki_result") == 0 ?
	    juki_in(db, who, data, len, records, &outcome, &why) :
	    applications_in(db, &r, who, data, len, records, &outcome, &why);
	if (stored != 0) {
		db_rollback(db);
		*records = 0;
		/* Refused by its parser or the register: closed as failed, saying why. */
		if (close_and_erase(db, cf, who, &r, "failed", why, &cause2) != 0) {
			xasprintf(cause, _("%s was not imported: %s (and the request could not "
			    "be closed: %s)"), r.file_name, why, cause2);
			free(cause2);
			goto out;
		}
		*failed = 1;
		xasprintf(cause, _("%s was not imported, nothing of it: %s"), r.file_name, why);
		goto out;
	}
	if (import_request_close(db, who, r.id, "imported", *records, outcome, cause) != 0 ||
	    retention_shred_recorded(db, who, "import_files", path, erase_why,
	    cause) != 0) {
		db_rollback(db);
		*records = 0;
		goto out;
	}
	if (db_commit(db, cause) != 0) {
		*records = 0;
		goto out;
	}
	rc = 0;
out:
	import_spool_buf_free(data, len + 1);
	import_request_clear(&r);
	free(outcome);
	free(why);
	free(path);
	free(erase_why);
	return rc;
}

int
import_reject(struct db *db, const struct config *cf, const struct actor *who,
    const char *id, const char *comment, char **cause)
{
	struct import_request	 r;
	char			*outcome;
	int			 rc = -1;

	*cause = NULL;
	if (comment == NULL || *comment == '\0') {
		xasprintf(cause, _("a rejection says why"));
		return -1;
	}
	if (import_request_get(db, id, &r, cause) != 0)
		return -1;
	if (import_request_decidable(db, who, &r, cause) == 0) {
		xasprintf(&outcome, "rejected: %s", comment);
		rc = close_and_erase(db, cf, who, &r, "rejected", outcome, cause);
		free(outcome);
	}
	import_request_clear(&r);
	return rc;
}
