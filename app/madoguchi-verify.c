/*
 * madoguchi-verify: checks a certificate's signed record offline (SPEC §6) and prints the
 * certified items. The record is given as the QR code's text, as a file that holds it, or
 * as the certificate PDF.
 *
 *	madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem
 *
 * A certificate PDF is checked whole: madoguchi writes the signed record into the PDF's
 * Keywords metadata as a plain literal string (the same text as the QR code, read here
 * without a PDF library or a QR decoder) and appends the office's Ed25519 seal over every
 * byte of the file (cert-seal.h). Both must hold, so one changed byte anywhere in the PDF
 * fails: in the record, in the printed text or picture, or in the seal itself.
 *
 * Exit status: 0 verified, 1 not verified (changed, not signed by this office, damaged),
 * 2 usage, 3 cannot read the office certificate or the file.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cert/cert-record.h"
#include "cert/cert-seal.h"
#include "i18n.h"
#include "xmalloc.h"

#define MAX_FILE	(16 * 1024 * 1024)

static EVP_PKEY	*load_office_key(const char *);
static unsigned char *read_file(const char *, size_t *);
static char	*record_in(const unsigned char *, size_t);
static char	*record_in_pdf(const unsigned char *, size_t, EVP_PKEY *, char **);

static void
usage(void)
{
	fprintf(stderr, _("usage: madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem\n"));
	exit(2);
}

/* An X.509 certificate or a bare public key, in PEM. */
static EVP_PKEY *
load_office_key(const char *path)
{
	EVP_PKEY	*key = NULL;
	X509		*cert;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		return NULL;
	}
	if ((cert = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
		key = X509_get_pubkey(cert);
		X509_free(cert);
	} else {
		rewind(f);
		key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	if (key == NULL)
		fprintf(stderr, _("madoguchi-verify: %s: not a PEM certificate or public "
		    "key\n"), path);
	return key;
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	unsigned char	*buf;
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		exit(3);
	}
	buf = xmalloc(MAX_FILE + 1);
	n = fread(buf, 1, MAX_FILE, f);
	if (ferror(f)) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		exit(3);
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The first "MDG1." token, up to the first byte outside base64url and '.'. */
static char *
record_in(const unsigned char *buf, size_t n)
{
	const unsigned char	*start, *end;

	for (start = buf; start + 5 <= buf + n; start++) {
		if (memcmp(start, CERT_RECORD_VERSION ".", 5) == 0)
			break;
	}
	if (start + 5 > buf + n)
		return NULL;
	for (end = start; end < buf + n && (strchr("-_.", *end) != NULL ||
	    (*end >= 'A' && *end <= 'Z') || (*end >= 'a' && *end <= 'z') ||
	    (*end >= '0' && *end <= '9')) && *end != '\0'; end++)
		;
	return xstrndup((const char *)start, (size_t)(end - start));
}

/*
 * A certificate PDF: its seal must hold, then its record is the Keywords string, which
 * must be one record and nothing else.
 */
static char *
record_in_pdf(const unsigned char *buf, size_t n, EVP_PKEY *key, char **cause)
{
	static const char	 kw[] = "/Keywords (";
	const unsigned char	*p;
	char			*text;
	size_t			 avail, len;
	int			 rc;

	if ((rc = cert_seal_check(buf, n, key, cause)) != 0) {
		if (rc == 1)
			xasprintf(cause, _("the PDF carries no seal of the office (it was not "
			    "made by madoguchi, or its seal was removed)"));
		return NULL;
	}
	if ((p = memmem(buf, n, kw, sizeof kw - 1)) == NULL) {
		xasprintf(cause, _("the PDF holds no certificate record"));
		return NULL;
	}
	p += sizeof kw - 1;
	avail = n - (size_t)(p - buf);
	if (avail < 5 || memcmp(p, CERT_RECORD_VERSION ".", 5) != 0 ||
	    (text = record_in(p, avail)) == NULL) {
		xasprintf(cause, _("the PDF holds no certificate record"));
		return NULL;
	}
	/* The string holds the record and nothing else. */
	len = strlen(text);
	if (len >= avail || p[len] != ')') {
		free(text);
		xasprintf(cause, _("the PDF's certificate record is damaged"));
		return NULL;
	}
	return text;
}

int
main(int argc, char **argv)
{
	struct cert_record	 r;
	struct stat		 st;
	EVP_PKEY		*key;
	const char		*input = NULL, *certpath = NULL;
	unsigned char		*buf;
	char			*text, *cause = NULL;
	size_t			 len;
	int			 i, pdf = 0;

	i18n_init();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cert") == 0 && i + 1 < argc)
			certpath = argv[++i];
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("usage: madoguchi-verify QR-TEXT|FILE|FILE.pdf --cert OFFICE.pem\n"
			    "Checks a certificate's signed record against the office's "
			    "certificate.\nExit status: 0 verified, 1 not verified, 2 usage, "
			    "3 cannot read the certificate or the file.\n"));
			return 0;
		} else if (input == NULL && argv[i][0] != '-')
			input = argv[i];
		else
			usage();
	}
	if (input == NULL || certpath == NULL)
		usage();
	if ((key = load_office_key(certpath)) == NULL)
		return 3;
	if (strncmp(input, CERT_RECORD_VERSION ".", 5) == 0 || stat(input, &st) != 0)
		text = xstrdup(input);
	else {
		buf = read_file(input, &len);
		if ((pdf = len >= 5 && memcmp(buf, "%PDF-", 5) == 0))
			text = record_in_pdf(buf, len, key, &cause);
		else
			text = record_in(buf, len);
		free(buf);
		if (text == NULL) {
			if (cause != NULL)
				fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s: %s\n"),
				    input, cause);
			else
				fprintf(stderr, _("madoguchi-verify: %s holds no certificate "
				    "record\n"), input);
			free(cause);
			EVP_PKEY_free(key);
			return 1;
		}
	}
	if (cert_record_verify(text, key, &r, &cause) != 0) {
		fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
		free(cause);
		free(text);
		EVP_PKEY_free(key);
		return 1;
	}
	printf(_("VERIFIED: signed by the office's key\n"));
	if (pdf)
		printf(_("The PDF is sealed by the same key and unchanged.\n"));
	printf(_("Office:              %s\n"), r.office);
	printf(_("Certificate number:  %s\n"), r.certificate_number);
	printf(_("Qualification:       %s\n"), r.qualification);
	printf(_("Name:                %s\n"), r.name);
	printf(_("Birth date:          %s\n"), r.birth_date);
	printf(_("Issue date:          %s\n"), r.issue_date);
	if (r.reissue_count > 0)
		printf(_("Reissued:            %s (%u)\n"), r.reissue_date, r.reissue_count);
	free(text);
	EVP_PKEY_free(key);
	return 0;
}
