/* Every screen, by name. */
#ifndef SCREENS_H
#define SCREENS_H

#include "auth/auth.h"
#include "ui.h"

extern const struct screen_ops screen_login;
extern const struct screen_ops screen_menu;
extern const struct screen_ops screen_lock;
extern const struct screen_ops screen_account_request;
extern const struct screen_ops screen_account_register;
extern const struct screen_ops screen_account_review;
extern const struct screen_ops screen_account_approve;
extern const struct screen_ops screen_account_changes;
extern const struct screen_ops screen_fee_totals;
extern const struct screen_ops screen_stats;
extern const struct screen_ops screen_rolefn;

/* The register (SPEC §4). */
extern const struct screen_ops screen_register_new;	/* arg: NULL */
extern const struct screen_ops screen_correction;	/* arg: struct register_target */
extern const struct screen_ops screen_qualification;	/* arg: struct register_target */
extern const struct screen_ops screen_deletion;		/* arg: struct register_target */
extern const struct screen_ops screen_search;		/* arg: NULL */
extern const struct screen_ops screen_holder;		/* arg: const char *holder id */
extern const struct screen_ops screen_approvals;	/* arg: NULL */

/* The reception register (受付簿, issue 24). */
extern const struct screen_ops screen_receptions;	/* arg: NULL */

/* Juki-net (SPEC §5). */
extern const struct screen_ops screen_juki;		/* arg: query id to wait for, or NULL */
extern const struct screen_ops screen_juki_new;		/* arg: struct juki_new_arg or NULL */
extern const struct screen_ops screen_juki_check;	/* arg: NULL */
extern const struct screen_ops screen_juki_review;	/* arg: NULL */
struct juki_new_arg {
	const char	*holder_id;	/* fill the four items from this holder */
	int		 from_list;
};

/* Certificates (SPEC §6). */
extern const struct screen_ops screen_reissue;		/* arg: struct register_target */
struct holder_view;
/* Which of the holder's registrations: asks when there are several; -1 if none. */
int	holder_pick_registration(struct ui *, const struct holder_view *, const char *);
/*
 * Print the valid certificate of a registration (a reprint after a confirmation);
 * approved: just approved in the queue, printed without asking. Says how it went.
 */
void	cert_print_now(struct ui *, const char *, int);
/* For the approval queue: the certificate a reissue replaces (allocated), or NULL. */
char	*reissue_describe(struct ui *, const char *);
int	 cert_not_printed(struct ui *, const char *);

/* Sync (SPEC §10). */
extern const struct screen_ops screen_sync_conflicts;	/* arg: NULL */
extern const struct screen_ops screen_sync;		/* arg: NULL */

/* The audit log (SPEC §8). */
extern const struct screen_ops screen_audit_log;	/* arg: NULL */
/* The audit log's review (SPEC §8): unusual-use flags, their rules, sign-offs. */
extern const struct screen_ops screen_audit_flags;	/* arg: NULL */
extern const struct screen_ops screen_audit_rules;	/* arg: NULL */
extern const struct screen_ops screen_audit_review;	/* arg: NULL */
/* Governed export (SPEC §9): the grantee's run with the two-person check. */
extern const struct screen_ops screen_export;		/* arg: NULL */
extern const struct screen_ops screen_export_grants;	/* arg: NULL */
extern const struct screen_ops screen_export_grant_new;	/* arg: NULL */
extern const struct screen_ops screen_media_register;	/* arg: NULL */
/* Media import (SPEC §9): files from the import spool, requested and decided. */
extern const struct screen_ops screen_import;		/* arg: NULL */
/* Self-inspection (SPEC §14): the hub, a register (arg: enum register_kind *), the report. */
extern const struct screen_ops screen_compliance;	/* arg: NULL */
extern const struct screen_ops screen_registers;
extern const struct screen_ops screen_report;		/* arg: NULL */
/* Retention rules, dry runs, requests and erasure records (SPEC §7). */
extern const struct screen_ops screen_retention;	/* arg: NULL */
/* A holder's access disclosure (開示), from the holder's screen. */
extern const struct screen_ops screen_disclosure;	/* arg: struct disclosure_arg */
struct disclosure_arg {
	const char	*holder_id;
	const char	*from, *to;	/* YYYY-MM-DD as typed; NULL or "": open */
};

/* What a correction or an erasure is about; the screen copies what it keeps. */
struct register_target {
	const char	*holder_id;
	const char	*registration_id;	/* deletion: the registration to erase */
};

/* The PAM conversation drawn as dialogs (an auth_conv_fn; arg is the struct ui). */
int	screen_conv(void *, int, const struct auth_prompt *, char **);

#endif
