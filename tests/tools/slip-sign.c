/*
 * slip-sign: prints the signed QR text of a receipt slip record (slip-record.h) for the
 * tests of madoguchi-verify; with --pdf it also writes the slip's PDF through the print
 * helper and seals it, as the desk's slip_print does (slip_pdf_write, cert_seal_file).
 *
 *	slip-sign [--pdf OUT.pdf] KEY.pem OFFICE TERMINAL NUMBER KIND DATE
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "cert/cert-pdf.h"
#include "cert/cert-seal.h"
#include "cert/cert-sign.h"
#include "cert/slip-pdf.h"
#include "cert/slip-record.h"

int
main(int argc, char **argv)
{
	struct slip_record	 r = { 0 };
	struct cert_signer	 signer = { cert_sign_with_key, NULL, { 0 } };
	struct cert_pdf_line	 lines[3] = { { NULL, NULL } };
	struct cert_pdf		 pdf = { 0 };
	EVP_PKEY		*key;
	const char		*out = NULL;
	FILE			*f;
	char			*text, *cause = NULL;

	if (argc > 2 && strcmp(argv[1], "--pdf") == 0) {
		out = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc != 7) {
		fprintf(stderr, "usage: slip-sign [--pdf OUT.pdf] KEY.pem OFFICE TERMINAL "
		    "NUMBER KIND DATE\n");
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL ||
	    (key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL) {
		fprintf(stderr, "slip-sign: cannot read %s\n", argv[1]);
		return 3;
	}
	fclose(f);
	signer.arg = key;
	snprintf(r.office, sizeof r.office, "%s", argv[2]);
	snprintf(r.terminal, sizeof r.terminal, "%s", argv[3]);
	snprintf(r.number, sizeof r.number, "%s", argv[4]);
	snprintf(r.kind, sizeof r.kind, "%s", argv[5]);
	snprintf(r.received_on, sizeof r.received_on, "%s", argv[6]);
	if (slip_record_sign(&r, &signer, &text, &cause) != 0) {
		fprintf(stderr, "slip-sign: %s\n", cause);
		return 1;
	}
	if (out != NULL) {
		lines[0] = (struct cert_pdf_line){ "受付番号", r.number };
		lines[1] = (struct cert_pdf_line){ "種別", slip_kind_ja(r.kind) };
		pdf.title = "受付票";
		pdf.lines = lines;
		pdf.issuer = "受付　OFFICE-13";
		pdf.record = text;
		pdf.note = "test slip";
		if (slip_pdf_write(&pdf, out, &cause) != 0 ||
		    cert_seal_file(out, &signer, &cause) != 0) {
			fprintf(stderr, "slip-sign: %s\n", cause);
			return 1;
		}
	}
	printf("%s\n", text);
	free(text);
	EVP_PKEY_free(key);
	return 0;
}
