/* What the audit screens share: the sign-off dialog and periods shown by date_style. */
#ifndef AUDIT_SIGNOFF_H
#define AUDIT_SIGNOFF_H

#include <stddef.h>

struct office_hours;
struct ui;

/* Asks for the comment and signs off from..to; says how it went. 0 if signed. */
int	 audit_signoff_dialog(struct ui *, const char *, const char *);
/* Asks for a period (empty: today); 0 with both dates checked, -1 (message set). */
int	 audit_period_dialog(struct ui *, char [11], char [11]);
void	 audit_office_hours(struct ui *, struct office_hours *);
/* Period from..to (YYYY-MM-DD) in the date style, short: "R08.04.01..R08.04.30". */
void	 audit_period_text(struct ui *, const char *, const char *, char *, size_t);

#endif
