# Governed export at the desk (SPEC §9): the grantee's run and the two-person check.
screens_libui_a_SOURCES += screens/export/screen-export.c \
	screens/export/screen-export-grants.c screens/export/screen-export-grant-new.c \
	screens/export/screen-media-register.c
