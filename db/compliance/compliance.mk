# The office's registers behind the self-inspection report (SPEC §14, issue 23).
db_libdb_a_SOURCES += db/compliance/compliance-registers.c \
	db/compliance/compliance-evidence.c db/compliance/compliance-evidence.h \
	db/compliance/compliance-registers.h db/compliance/compliance-lists.c \
	db/compliance/compliance-lists.h db/compliance/compliance-labels.c \
	db/compliance/compliance-labels.h
