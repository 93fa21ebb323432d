# Self-inspection at the desk (SPEC §14, issue 23): the registers and the report.
screens_libui_a_SOURCES += screens/compliance/screen-compliance.c \
	screens/compliance/screen-registers.c screens/compliance/screen-report.c
