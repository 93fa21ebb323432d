/* app/cert/: the signed record of a certificate's QR code, the seal, the PDF, printing.
 * May use: lib/, db/, app/. */
/*
 * Signed certificate records: a fixed list of fields, base64url, Ed25519 (OpenSSL). Decoding
 * is strict: a record is either exactly what was signed or refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cert/cert-record.h"
#include "cert/cert-sign.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

#define FIELDS		8
#define SIG_BYTES	64	/* Ed25519 */
#define MAX_TEXT	2048

static int	 check_field(const char *, const char *, size_t, char **);
static int	 check_date(const char *, const char *, int, char **);

static char *
cert_b64url_encode(const unsigned char *in, size_t len)
{
	char	*out, *p;

	out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	for (p = out; *p != '\0'; p++) {
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
		else if (*p == '=') {
			*p = '\0';
			break;
		}
	}
	return out;
}

/* NULL unless every character is of the base64url alphabet and the length can be one. */
static unsigned char *
cert_b64url_decode(const char *in, size_t len, size_t *outlen)
{
	unsigned char	*out;
	char		*std;
	size_t		 i, padded;
	int		 n;

	if (len == 0 || len % 4 == 1)
		return NULL;
	padded = (len + 3) / 4 * 4;
	std = xmalloc(padded + 1);
	for (i = 0; i < len; i++) {
		if (in[i] == '-')
			std[i] = '+';
		else if (in[i] == '_')
			std[i] = '/';
		else if ((in[i] >= 'A' && in[i] <= 'Z') || (in[i] >= 'a' && in[i] <= 'z') ||
		    (in[i] >= '0' && in[i] <= '9'))
			std[i] = in[i];
		else {
			free(std);
			return NULL;
		}
	}
	for (; i < padded; i++)
		std[i] = '=';
	std[padded] = '\0';
	out = xmalloc(padded / 4 * 3 + 1);
	n = EVP_DecodeBlock(out, (unsigned char *)std, (int)padded);
	free(std);
	if (n < 0) {
		free(out);
		return NULL;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	*outlen = (size_t)n - (padded - len);
	out[*outlen] = '\0';
	/*
	 * One text per byte string: the last character may carry unused bits, and a record
	 * whose text can change without its bytes changing would not be "exactly what was
	 * signed".
	 */
	std = cert_b64url_encode(out, *outlen);
	if (strlen(std) != len || memcmp(std, in, len) != 0) {
		free(std);
		free(out);
		return NULL;
	}
	free(std);
	return out;
}

int
cert_record_split(char *payload, char **field, size_t want, const char *record,
    char **cause)
{
	char	*p;
	size_t	 n = 0;

	for (p = payload, field[n++] = p; *p != '\0'; p++) {
		if (*p != '|')
			continue;
		if (n == want) {
			n++;
			break;
		}
		*p = '\0';
		field[n++] = p + 1;
	}
	if (n != want) {
		xasprintf(cause, _("%s: %zu fields instead of %zu"), record, n, want);
		return -1;
	}
	return 0;
}

int
cert_record_field_check(const char *record, const char *what, const char *value,
    size_t max, char **cause)
{
	char	*why = NULL;

	if (*value == '\0') {
		xasprintf(cause, _("%s: %s is empty"), record, what);
		return -1;
	}
	if (strlen(value) > max || strchr(value, '|') != NULL ||
	    valid_text(value, 0, 0, &why) != 0) {
		xasprintf(cause, _("%s: %s is not valid%s%s"), record, what,
		    why != NULL ? ": " : "", why != NULL ? why : "");
		free(why);
		return -1;
	}
	return 0;
}

/* A field of a certificate's record. */
static int
check_field(const char *what, const char *value, size_t max, char **cause)
{
	return cert_record_field_check(_("certificate record"), what, value, max, cause);
}

static int
check_date(const char *what, const char *value, int optional, char **cause)
{
	struct date	 d;
	char		 iso[DATE_ISO_SIZE];

	if (optional && *value == '\0')
		return 0;
	if (strlen(value) != 10 || sscanf(value, "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 ||
	    !date_valid(d.y, d.m, d.d)) {
		xasprintf(cause, _("certificate record: %s is not a date"), what);
		return -1;
	}
	date_format_iso(&d, iso);
	if (strcmp(iso, value) != 0) {
		xasprintf(cause, _("certificate record: %s is not a date"), what);
		return -1;
	}
	return 0;
}

int
cert_record_encode(const struct cert_record *r, char **out, char **cause)
{
	*out = NULL;
	if (check_field("office", r->office, sizeof r->office - 1, cause) != 0 ||
	    check_field("certificate number", r->certificate_number,
	    sizeof r->certificate_number - 1, cause) != 0 ||
	    check_field("qualification", r->qualification, sizeof r->qualification - 1,
	    cause) != 0 ||
	    check_field("name", r->name, sizeof r->name - 1, cause) != 0 ||
	    check_date("birth date", r->birth_date, 0, cause) != 0 ||
	    check_date("issue date", r->issue_date, 0, cause) != 0 ||
	    check_date("reissue date", r->reissue_date, 1, cause) != 0)
		return -1;
	if ((*r->reissue_date == '\0') != (r->reissue_count == 0) ||
	    r->reissue_count > 999) {
		xasprintf(cause, _("certificate record: reissue date and count disagree"));
		return -1;
	}
	xasprintf(out, "%s|%s|%s|%s|%s|%s|%s|%u", r->office, r->certificate_number,
	    r->qualification, r->name, r->birth_date, r->issue_date, r->reissue_date,
	    r->reissue_count);
	return 0;
}

int
cert_record_decode(const char *payload, struct cert_record *r, char **cause)
{
	char		*copy, *field[FIELDS], *end;
	unsigned long	 count;
	int		 rc = -1;
	char		*check = NULL;

	memset(r, 0, sizeof *r);
	copy = xstrdup(payload);
	if (cert_record_split(copy, field, FIELDS, _("certificate record"), cause) != 0)
		goto out;
	count = strtoul(field[7], &end, 10);
	if (*field[7] == '\0' || *end != '\0' || field[7][0] == '-' || count > 999 ||
	    (field[7][0] == '0' && field[7][1] != '\0')) {
		xasprintf(cause, _("certificate record: the reissue count is not a number"));
		goto out;
	}
	if (strlen(field[0]) >= sizeof r->office ||
	    strlen(field[1]) >= sizeof r->certificate_number ||
	    strlen(field[2]) >= sizeof r->qualification ||
	    strlen(field[3]) >= sizeof r->name || strlen(field[4]) >= sizeof r->birth_date ||
	    strlen(field[5]) >= sizeof r->issue_date ||
	    strlen(field[6]) >= sizeof r->reissue_date) {
		xasprintf(cause, _("certificate record: a field is too long"));
		goto out;
	}
	snprintf(r->office, sizeof r->office, "%s", field[0]);
	snprintf(r->certificate_number, sizeof r->certificate_number, "%s", field[1]);
	snprintf(r->qualification, sizeof r->qualification, "%s", field[2]);
	snprintf(r->name, sizeof r->name, "%s", field[3]);
	snprintf(r->birth_date, sizeof r->birth_date, "%s", field[4]);
	snprintf(r->issue_date, sizeof r->issue_date, "%s", field[5]);
	snprintf(r->reissue_date, sizeof r->reissue_date, "%s", field[6]);
	r->reissue_count = (unsigned)count;
	/* Valid means it encodes back to the same text: one form per record. */
	if (cert_record_encode(r, &check, cause) != 0)
		goto out;
	if (strcmp(check, payload) != 0) {
		xasprintf(cause, _("certificate record: not in its one written form"));
		goto out;
	}
	rc = 0;
out:
	free(check);
	free(copy);
	if (rc != 0)
		memset(r, 0, sizeof *r);
	return rc;
}

int
cert_envelope_sign(const char *version, const char *payload, struct cert_signer *signer,
    char **out, char **cause)
{
	unsigned char	 sig[CERT_SIG_BYTES];
	char		*body, *b64, *sig64;
	int		 rc = -1;

	*out = NULL;
	b64 = cert_b64url_encode((const unsigned char *)payload, strlen(payload));
	xasprintf(&body, "%s.%s", version, b64);
	free(b64);
	if (signer->sign(signer->arg, (const unsigned char *)body, strlen(body), sig,
	    signer->pub, cause) == 0) {
		sig64 = cert_b64url_encode(sig, sizeof sig);
		xasprintf(out, "%s.%s", body, sig64);
		free(sig64);
		rc = 0;
	}
	free(body);
	return rc;
}

int
cert_envelope_open(const char *text, const char *version, const char *what,
    EVP_PKEY *pub, char **out, char **cause)
{
	EVP_MD_CTX	*ctx = NULL;
	const char	*dot1, *dot2;
	unsigned char	*payload = NULL, *sig = NULL;
	size_t		 plen, slen;
	int		 rc = -1;

	*out = NULL;
	dot1 = text + strlen(version);
	if ((dot2 = strchr(dot1 + 1, '.')) == NULL || strchr(dot2 + 1, '.') != NULL) {
		xasprintf(cause, _("%s: expected three parts separated by '.'"), what);
		return -1;
	}
	payload = cert_b64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &plen);
	sig = cert_b64url_decode(dot2 + 1, strlen(dot2 + 1), &slen);
	if (payload == NULL || sig == NULL || slen != SIG_BYTES ||
	    memchr(payload, '\0', plen) != NULL) {
		xasprintf(cause, _("%s: damaged encoding"), what);
		goto out;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pub) != 1) {
		xasprintf(cause, _("cannot use the office's key (is it Ed25519?)"));
		goto out;
	}
	if (EVP_DigestVerify(ctx, sig, slen, (const unsigned char *)text,
	    (size_t)(dot2 - text)) != 1) {
		xasprintf(cause, _("the signature does not match: the record was changed or "
		    "was not signed by this office"));
		goto out;
	}
	*out = (char *)payload;
	payload = NULL;
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	free(payload);
	free(sig);
	return rc;
}

int
cert_record_sign(const struct cert_record *r, struct cert_signer *signer, char **out,
    char **cause)
{
	char	*payload = NULL;
	int	 rc;

	*out = NULL;
	if (cert_record_encode(r, &payload, cause) != 0)
		return -1;
	rc = cert_envelope_sign(CERT_RECORD_VERSION, payload, signer, out, cause);
	free(payload);
	return rc;
}

int
cert_record_verify(const char *text, EVP_PKEY *pub, struct cert_record *out, char **cause)
{
	char	*payload;
	int	 rc;

	memset(out, 0, sizeof *out);
	if (strlen(text) > MAX_TEXT || strncmp(text, CERT_RECORD_VERSION ".",
	    strlen(CERT_RECORD_VERSION) + 1) != 0) {
		xasprintf(cause, _("not a madoguchi certificate record (%s)"),
		    CERT_RECORD_VERSION);
		return -1;
	}
	if (cert_envelope_open(text, CERT_RECORD_VERSION, _("certificate record"), pub,
	    &payload, cause) != 0)
		return -1;
	/* Signed, so it came from the office; still read strictly. */
	rc = cert_record_decode(payload, out, cause);
	free(payload);
	return rc;
}
