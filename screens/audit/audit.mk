# Screens of the audit log (SPEC §8): reading the log (filters, pages, one entry), the
# unusual-use flags, their rules and the log review sign-offs.
screens_libui_a_SOURCES += screens/audit/screen-audit-log.c \
	screens/audit/audit-signoff.c screens/audit/audit-signoff.h \
	screens/audit/screen-audit-flags.c screens/audit/screen-audit-rules.c \
	screens/audit/screen-audit-review.c screens/audit/screen-disclosure.c
