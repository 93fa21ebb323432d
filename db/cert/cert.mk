# Certificates (SPEC §6): number blocks, issued certificates and the reissue workflow.
db_libdb_a_SOURCES += db/cert/cert-numbers.c db/cert/cert-numbers.h \
	db/cert/certificates.c db/cert/certificates.h db/cert/reissue.c \
	db/cert/cert-delivery.c db/cert/cert-delivery.h
