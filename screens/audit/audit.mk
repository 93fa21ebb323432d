# The audit log's review: unusual-use flags, their rules, the log review sign-offs.
screens_libui_a_SOURCES += screens/audit/audit-signoff.c screens/audit/audit-signoff.h \
	screens/audit/screen-audit-flags.c screens/audit/screen-audit-rules.c \
	screens/audit/screen-audit-review.c
