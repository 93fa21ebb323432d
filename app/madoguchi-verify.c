/*
 * madoguchi-verify: checks a certificate's signed record offline (SPEC §6) and prints the
 * certified items. The record is given as the QR code's text or as a file that holds it
 * (the certificate PDF carries the same text).
 *
 *	madoguchi-verify QR-TEXT|FILE --cert OFFICE.pem
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

#include "cert-record.h"
#include "i18n.h"
#include "xmalloc.h"

#define MAX_FILE	(16 * 1024 * 1024)

static EVP_PKEY	*load_office_key(const char *);
static char	*record_in_file(const char *);

static void
usage(void)
{
	fprintf(stderr, _("usage: madoguchi-verify QR-TEXT|FILE --cert OFFICE.pem\n"));
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

/* The first "MDG1." token in the file, up to the first byte outside base64url and '.'. */
static char *
record_in_file(const char *path)
{
	FILE	*f;
	char	*buf, *start, *end;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s: %s\n"), path, strerror(errno));
		exit(3);
	}
	buf = xmalloc(MAX_FILE + 1);
	n = fread(buf, 1, MAX_FILE, f);
	fclose(f);
	buf[n] = '\0';
	for (start = buf; start + 5 <= buf + n; start++) {
		if (memcmp(start, CERT_RECORD_VERSION ".", 5) == 0)
			break;
	}
	if (start + 5 > buf + n) {
		free(buf);
		return NULL;
	}
	for (end = start; end < buf + n && (strchr("-_.", *end) != NULL ||
	    (*end >= 'A' && *end <= 'Z') || (*end >= 'a' && *end <= 'z') ||
	    (*end >= '0' && *end <= '9')); end++)
		;
	start = xstrndup(start, (size_t)(end - start));
	free(buf);
	return start;
}

int
main(int argc, char **argv)
{
	struct cert_record	 r;
	struct stat		 st;
	EVP_PKEY		*key;
	const char		*input = NULL, *certpath = NULL;
	char			*text, *cause = NULL;
	int			 i;

	i18n_init();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cert") == 0 && i + 1 < argc)
			certpath = argv[++i];
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("usage: madoguchi-verify QR-TEXT|FILE --cert OFFICE.pem\n"
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
	else if ((text = record_in_file(input)) == NULL) {
		fprintf(stderr, _("madoguchi-verify: %s holds no certificate record\n"), input);
		EVP_PKEY_free(key);
		return 1;
	}
	if (cert_record_verify(text, key, &r, &cause) != 0) {
		fprintf(stderr, _("madoguchi-verify: NOT VERIFIED: %s\n"), cause);
		free(cause);
		free(text);
		EVP_PKEY_free(key);
		return 1;
	}
	printf(_("VERIFIED: signed by the office's key\n"));
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
