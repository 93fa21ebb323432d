/*
 * cert-pdf: writes a certificate PDF holding a signed record and seals it with the office
 * key, as the desk's printing does (cert_pdf_write then cert_seal_file, cert-print.c), so
 * that the tests of madoguchi-verify check the files madoguchi really writes. With --seal
 * it only seals an existing file, for tests that hand-craft what the office signed.
 *
 *	cert-pdf KEY.pem OUT.pdf RECORD
 *	cert-pdf --seal KEY.pem FILE
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "cert/cert-pdf.h"
#include "cert/cert-seal.h"
#include "cert/cert-sign.h"

int
main(int argc, char **argv)
{
	static const struct cert_pdf_line lines[] = {
		{ "免状番号", "BH-000123" },
		{ "氏名", "山田 花子" },
		{ "生年月日", "平成2年4月1日" },
		{ NULL, NULL }
	};
	struct cert_pdf	 pdf = { 0 };
	EVP_PKEY	*key;
	struct cert_signer signer = { cert_sign_with_key, NULL, { 0 } };
	FILE		*f;
	char		*cause = NULL;
	int		 seal_only;

	seal_only = argc == 4 && strcmp(argv[1], "--seal") == 0;
	if (argc != 4) {
		fprintf(stderr, "usage: cert-pdf KEY.pem OUT.pdf RECORD\n"
		    "       cert-pdf --seal KEY.pem FILE\n");
		return 2;
	}
	if ((f = fopen(argv[1 + seal_only], "r")) == NULL ||
	    (key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL) {
		fprintf(stderr, "cert-pdf: cannot read %s\n", argv[1 + seal_only]);
		return 3;
	}
	fclose(f);
	signer.arg = key;
	if (!seal_only) {
		pdf.title = "建築物環境衛生管理技術者免状";
		pdf.lines = lines;
		pdf.issuer = "発行　OFFICE-13";
		pdf.record = argv[3];
		pdf.note = "test certificate";
		if (cert_pdf_write(&pdf, argv[2], &cause) != 0) {
			fprintf(stderr, "cert-pdf: %s\n", cause);
			return 1;
		}
	}
	if (cert_seal_file(argv[2 + seal_only], &signer, &cause) != 0) {
		fprintf(stderr, "cert-pdf: %s\n", cause);
		return 1;
	}
	EVP_PKEY_free(key);
	return 0;
}
