/*
 * Desk approval of an application (SPEC §2, issue 31): F6 on a form files the application
 * as F2 does, and a supervisor standing at this desk approves it at once.
 */
#ifndef DESK_APPROVAL_H
#define DESK_APPROVAL_H

#include "ui.h"

struct form;
struct key_event;

/* Whether ev is the key that files and asks for the supervisor here (F6). */
int	 desk_approval_key(const struct key_event *);
/*
 * The supervisor here approves application id (what: "the registration" and the like,
 * for the message): they authenticate through PAM on this terminal, and the decision is
 * application_decide's, under their name, with its four-eyes rule and every check of the
 * queue. Any refusal leaves the application waiting in the queue and says so.
 */
void	 desk_approval_run(struct ui *, const char *, const char *);
/*
 * The keys of an application form that closes once filed (*done): Esc then goes back; F6
 * files it with a supervisor here, F2 (or Enter on the last field) without; the form's keys
 * otherwise. submit(arg, desk) files it and sets *done when it did.
 */
enum key_result desk_form_key(struct form *, struct ui *, const struct key_event *,
	    const int *, void (*)(void *, int), void *);

#endif
