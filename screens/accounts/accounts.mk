# Accounts: the register and review, requests, the approval queue, the role->function table.
screens_libui_a_SOURCES += screens/accounts/screen-accounts.c \
	screens/accounts/screen-account-request.c screens/accounts/screen-rolefn.c \
	screens/accounts/screen-account-changes.c
