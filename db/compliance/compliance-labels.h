/*
 * The SQL functions through which the registers' lists and the self-inspection report
 * name what they show in the reader's words, never by stored codes (issue 26):
 *
 *   day_styled(DAY)           a stored day (YYYY-MM-DD) as date_shown shows it, in the era
 *                             when the functions were made known so
 *   code_shown(DOMAIN, CODE)  a stored code's label: DOMAIN is 'training' (a training
 *                             record's kind), 'enquiry' (an enquiry's kind), 'import' and
 *                             'import_status' (a media import's kind and state), 'erasure'
 *                             (an erasure's kind); an unknown code is shown as it is
 *   roles_shown(ROLES)        an account's roles by their labels
 *   procedures_shown(LIST)    an account's procedures (事務) by their labels
 */
#ifndef COMPLIANCE_LABELS_H
#define COMPLIANCE_LABELS_H

struct db;

/*
 * Makes the functions above known to the connection, day_styled in the era when era is
 * set (the reader's date_style): 0, or -1 and a cause.
 */
int	 compliance_labels_register(struct db *, int, char **);

#endif
