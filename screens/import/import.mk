# Media import at the desk (SPEC §9, issue 21): the spool's files, requests and decisions.
screens_libui_a_SOURCES += screens/import/screen-import.c
