# The register (SPEC §4): holders, qualifications, applications and their approval, the
# views and searches, and the item rules the forms and the data layer share.
db_libdb_a_SOURCES += \
	db/register/register-items.c db/register/register-items.h \
	db/register/holders.c db/register/holders.h \
	db/register/register-bulk.c db/register/register-bulk.h \
	db/register/register.h db/register/register-internal.h \
	db/register/register-values.c db/register/applications.c \
	db/register/register-view.c db/register/register-search.c \
	db/register/register-dups.c db/register/register-events.c \
	db/register/register-merge.c db/register/register-merge.h \
	db/register/register-dups-approval.c \
	db/register/qualification-rules.c db/register/qualification-rules.h \
	db/register/reg-corrections.c db/register/reg-corrections.h \
	db/register/register-actions.c db/register/register-actions.h
db_libdb_a_SOURCES += db/register/notify.c db/register/notify.h
# 交付拒否 of persons not on the register, for the supervisors who may read them.
db_libdb_a_SOURCES += db/register/refusals-list.c db/register/refusals-list.h
