/* app/cert/: the signed record of a certificate's QR code, the seal, the PDF, printing.
 * May use: lib/, db/, app/. */
/*
 * Signed receipt slip records (slip-record.h): five fields, base64url, Ed25519 (OpenSSL),
 * read as strictly as a certificate's record: exactly what was signed, or refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cert/cert-record.h"
#include "cert/cert-sign.h"
#include "cert/slip-record.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

#define FIELDS		5
#define MAX_TEXT	1024
#define PREFIX		SLIP_RECORD_VERSION "."
#define PREFIX_LEN	(sizeof PREFIX - 1)

static const struct {
	const char	*code, *ja;
} kinds[] = {
	{ "registration", "登録" },
	{ "correction", "訂正" },
	{ "deletion", "消除" },
	{ "reissue", "再交付" },
}, channels[] = {
	{ "counter", "窓口" },
	{ "mail", "郵送" },
	{ "e-gov", "e-Gov" },
	{ "mynaportal", "マイナポータル" },
};

static int	 check_field(const char *, const char *, size_t, char **);

const char *
slip_kind_ja(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(code, kinds[i].code) == 0)
			return kinds[i].ja;
	}
	return NULL;
}

const char *
slip_channel_ja(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < sizeof channels / sizeof channels[0]; i++) {
		if (strcmp(code, channels[i].code) == 0)
			return channels[i].ja;
	}
	return NULL;
}

/* A field of a slip's record. */
static int
check_field(const char *what, const char *value, size_t max, char **cause)
{
	return cert_record_field_check(_("receipt slip record"), what, value, max, cause);
}

/* R, the year, '-', seven digits: the one written form of a reception number. */
static int
number_valid(const char *n)
{
	size_t	 i;

	if (strlen(n) != 13 || n[0] != 'R' || n[5] != '-')
		return 0;
	for (i = 1; i < 13; i++) {
		if (i != 5 && (n[i] < '0' || n[i] > '9'))
			return 0;
	}
	return 1;
}

int
slip_record_encode(const struct slip_record *r, char **out, char **cause)
{
	struct date	 d;
	char		 iso[DATE_ISO_SIZE];

	*out = NULL;
	if (check_field("office", r->office, sizeof r->office - 1, cause) != 0 ||
	    check_field("terminal", r->terminal, sizeof r->terminal - 1, cause) != 0)
		return -1;
	if (!number_valid(r->number)) {
		xasprintf(cause, _("receipt slip record: the reception number is not valid"));
		return -1;
	}
	if (slip_kind_ja(r->kind) == NULL) {
		xasprintf(cause, _("receipt slip record: unknown kind"));
		return -1;
	}
	if (strlen(r->received_on) != 10 || sscanf(r->received_on, "%4d-%2d-%2d", &d.y, &d.m,
	    &d.d) != 3 || !date_valid(d.y, d.m, d.d) ||
	    (date_format_iso(&d, iso), strcmp(iso, r->received_on) != 0)) {
		xasprintf(cause, _("receipt slip record: the date received is not a date"));
		return -1;
	}
	xasprintf(out, "%s|%s|%s|%s|%s", r->office, r->terminal, r->number, r->kind,
	    r->received_on);
	return 0;
}

int
slip_record_decode(const char *payload, struct slip_record *r, char **cause)
{
	char	*copy, *field[FIELDS], *check = NULL;
	int	 rc = -1;

	memset(r, 0, sizeof *r);
	copy = xstrdup(payload);
	if (cert_record_split(copy, field, FIELDS, _("receipt slip record"), cause) != 0)
		goto out;
	if (strlen(field[0]) >= sizeof r->office || strlen(field[1]) >= sizeof r->terminal ||
	    strlen(field[2]) >= sizeof r->number || strlen(field[3]) >= sizeof r->kind ||
	    strlen(field[4]) >= sizeof r->received_on) {
		xasprintf(cause, _("receipt slip record: a field is too long"));
		goto out;
	}
	snprintf(r->office, sizeof r->office, "%s", field[0]);
	snprintf(r->terminal, sizeof r->terminal, "%s", field[1]);
	snprintf(r->number, sizeof r->number, "%s", field[2]);
	snprintf(r->kind, sizeof r->kind, "%s", field[3]);
	snprintf(r->received_on, sizeof r->received_on, "%s", field[4]);
	/* Valid means it encodes back to the same text: one form per record. */
	if (slip_record_encode(r, &check, cause) != 0)
		goto out;
	if (strcmp(check, payload) != 0) {
		xasprintf(cause, _("receipt slip record: not in its one written form"));
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
slip_record_sign(const struct slip_record *r, struct cert_signer *signer, char **out,
    char **cause)
{
	char	*payload = NULL;
	int	 rc;

	*out = NULL;
	if (slip_record_encode(r, &payload, cause) != 0)
		return -1;
	rc = cert_envelope_sign(SLIP_RECORD_VERSION, payload, signer, out, cause);
	free(payload);
	return rc;
}

int
slip_record_verify(const char *text, EVP_PKEY *pub, struct slip_record *out, char **cause)
{
	char	*payload;
	int	 rc;

	memset(out, 0, sizeof *out);
	if (strncmp(text, CERT_RECORD_VERSION ".", strlen(CERT_RECORD_VERSION) + 1) == 0) {
		xasprintf(cause, _("a certificate's record (%s), not a receipt slip's (%s)"),
		    CERT_RECORD_VERSION, SLIP_RECORD_VERSION);
		return -1;
	}
	if (strlen(text) > MAX_TEXT || strncmp(text, PREFIX, PREFIX_LEN) != 0) {
		xasprintf(cause, _("not a madoguchi receipt slip record (%s)"),
		    SLIP_RECORD_VERSION);
		return -1;
	}
	if (cert_envelope_open(text, SLIP_RECORD_VERSION, _("receipt slip record"), pub,
	    &payload, cause) != 0)
		return -1;
	/* Signed, so it came from the office; still read strictly. */
	rc = slip_record_decode(payload, out, cause);
	free(payload);
	return rc;
}
