# Media import requests (SPEC §9, issue 21): what a supervisor decides before a file on
# media comes in.
db_libdb_a_SOURCES += db/import/import-requests.c db/import/import-requests.h
