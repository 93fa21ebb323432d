/* The office's entries about one holder, from the central store (issue 20, 開示). */
#ifndef SYNC_DISCLOSURE_H
#define SYNC_DISCLOSURE_H

struct db;
struct disclosure;
struct sync_params;

/* 0: the office's entries are added; -1: d->central_missing says why they are not. */
int	 sync_disclosure_fetch(struct db *, const struct sync_params *, struct disclosure *);
/* Answers the screens' requests (audit-disclosure-request.h): the sync process's part. */
int	 sync_disclosure_serve(struct db *, const struct sync_params *, char **);

#endif
