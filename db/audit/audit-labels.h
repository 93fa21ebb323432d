#ifndef AUDIT_LABELS_H
#define AUDIT_LABELS_H

/* An audit action's or result's label in the reader's language, or NULL for a code without. */
const char	*audit_action_label(const char *);
const char	*audit_result_label(const char *);
/* The same for showing: the label, or the code itself when it has none. */
const char	*audit_action_text(const char *);
const char	*audit_result_text(const char *);

#endif
