# Reading the audit log: the log screen (filters, pages, one entry).
screens_libui_a_SOURCES += screens/audit/screen-audit-log.c
