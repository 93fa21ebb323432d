/*
 * cert-sign: prints the signed QR text of a certificate record, for the tests of
 * madoguchi-verify (the issuing side is the reissue workflow's; this tool stands in).
 *
 *	cert-sign KEY.pem OFFICE CERT-NO QUALIFICATION NAME BIRTH ISSUE [REISSUE COUNT]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/pem.h>

#include "cert/cert-record.h"
#include "cert/cert-sign.h"

int
main(int argc, char **argv)
{
	struct cert_record	 r = { 0 };
	EVP_PKEY		*key;
	struct cert_signer	 signer = { cert_sign_with_key, NULL, { 0 } };
	FILE			*f;
	char			*text, *cause = NULL;

	if (argc != 8 && argc != 10) {
		fprintf(stderr, "usage: cert-sign KEY.pem OFFICE CERT-NO QUALIFICATION NAME "
		    "BIRTH ISSUE [REISSUE COUNT]\n");
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL ||
	    (key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL) {
		fprintf(stderr, "cert-sign: cannot read %s\n", argv[1]);
		return 3;
	}
	fclose(f);
	signer.arg = key;
	snprintf(r.office, sizeof r.office, "%s", argv[2]);
	snprintf(r.certificate_number, sizeof r.certificate_number, "%s", argv[3]);
	snprintf(r.qualification, sizeof r.qualification, "%s", argv[4]);
	snprintf(r.name, sizeof r.name, "%s", argv[5]);
	snprintf(r.birth_date, sizeof r.birth_date, "%s", argv[6]);
	snprintf(r.issue_date, sizeof r.issue_date, "%s", argv[7]);
	if (argc == 10) {
		snprintf(r.reissue_date, sizeof r.reissue_date, "%s", argv[8]);
		r.reissue_count = (unsigned)atoi(argv[9]);
	}
	if (cert_record_sign(&r, &signer, &text, &cause) != 0) {
		fprintf(stderr, "cert-sign: %s\n", cause);
		return 1;
	}
	printf("%s\n", text);
	free(text);
	EVP_PKEY_free(key);
	return 0;
}
