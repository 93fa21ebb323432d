/* app/import/: bringing files in from media (SPEC §9, issue 21).
 * May use: lib/, db/, app/. */
/*
 * Requesting and deciding a media import. The request reads the file in the import spool
 * now and records its SHA-256 and size (db/import/import-requests.h). The approval reads
 * it again, and refuses it if it is no longer that file; then the same parser as the
 * normal path checks it (a Juki-net result file: lib/juki.h, answering this terminal's
 * outstanding queries; applications: import-applications.h), and it comes in whole in
 * one transaction, with the request closed as imported, the file erased from the spool
 * and the erasure recorded. A file its parser or the register refuses comes in not at
 * all: the request is closed as failed, saying why, and the file erased likewise (the
 * medium keeps the original). A rejection erases it too: the spool only ever holds files
 * waiting for a decision.
 */
#ifndef IMPORT_RUN_H
#define IMPORT_RUN_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct config;
struct db;

int	 import_request_file(struct db *, const struct config *, const struct actor *,
	    const char *, const char *, const char *, const char *, char [37], char **);
/*
 * The approval by who (import.approve, not the requester). 0 and *records when it came
 * in; -1 and why when not: *failed says whether the request was closed as failed (its
 * parser refused it) or is still pending (it could not be decided now).
 */
int	 import_approve(struct db *, const struct config *, const struct actor *,
	    const char *, int64_t *, int *, char **);
int	 import_reject(struct db *, const struct config *, const struct actor *, const char *,
	    const char *, char **);

#endif
