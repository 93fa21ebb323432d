# Accounts, roles, the role->function table, requests and their four-eyes approval.
db_libdb_a_SOURCES += db/accounts/accounts.c db/accounts/accounts.h \
	db/accounts/procedures.c db/accounts/procedures.h \
	db/accounts/account-words.c db/accounts/account-words.h \
	db/accounts/account-changes.c db/accounts/account-changes.h \
	db/accounts/rolefn-changes.c db/accounts/rolefn-changes.h \
	db/accounts/accounts-internal.h
