/*
 * The card's files (docs/mynumber-card.md, "The files"): BER-TLV with two-byte tags, read
 * strictly. The bytes come from a device the terminal does not control, so nothing is
 * trusted: every length is checked against what is left, every item must be where the
 * layout puts it, exactly once, and texts must be what the register could take if typed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card-parse.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

/* One element: its tag's two bytes, and its value within the buffer. */
struct tlv {
	uint8_t		 tag[2];
	const uint8_t	*value;
	size_t		 len;
	size_t		 size;		/* header and value */
};

/*
 * The header at buf (avail bytes): 0 and *t filled (its value not yet checked against
 * avail), or -1 when it is not a two-byte tag with a definite length of at most
 * CARD_FILE_MAX. Both the short form and the long forms 81 nn and 82 nn nn are taken.
 */
static int
tlv_header(const uint8_t *buf, size_t avail, struct tlv *t)
{
	size_t	 hlen;

	if (avail < 3)
		return -1;
	t->tag[0] = buf[0];
	t->tag[1] = buf[1];
	if (buf[2] < 0x80) {
		t->len = buf[2];
		hlen = 3;
	} else if (buf[2] == 0x81 && avail >= 4) {
		t->len = buf[3];
		hlen = 4;
	} else if (buf[2] == 0x82 && avail >= 5) {
		t->len = (size_t)buf[3] << 8 | buf[4];
		hlen = 5;
	} else
		return -1;
	if (t->len > CARD_FILE_MAX)
		return -1;
	t->value = buf + hlen;
	t->size = hlen + t->len;
	return 0;
}

size_t
card_element_size(const uint8_t *buf, size_t avail)
{
	struct tlv	 t;

	if (tlv_header(buf, avail, &t) != 0 || t.tag[0] != 0xff || t.size > CARD_FILE_MAX)
		return 0;
	return t.size;
}

/* The file's element, tagged FF tag, whole within len bytes; what follows is padding. */
static int
tlv_file(const uint8_t *buf, size_t len, uint8_t tag, const char *what, struct tlv *t,
    char **cause)
{
	if (tlv_header(buf, len, t) != 0 || t->tag[0] != 0xff || t->tag[1] != tag) {
		xasprintf(cause, _("the card's %s is not in the expected format"), what);
		return -1;
	}
	if (t->size > len) {
		xasprintf(cause, _("the card's %s is cut short (%zu of %zu bytes)"), what, len,
		    t->size);
		return -1;
	}
	return 0;
}

/*
 * The next item inside a file's value: tagged DF tag, of exactly want bytes when want is
 * not 0, and within the value. *pos moves past it.
 */
static int
tlv_item(const struct tlv *file, size_t *pos, uint8_t tag, size_t want, const char *what,
    struct tlv *t, char **cause)
{
	size_t	 left = file->len - *pos;

	if (tlv_header(file->value + *pos, left, t) != 0 || t->tag[0] != 0xdf ||
	    t->tag[1] != tag) {
		xasprintf(cause, _("the card's %s is missing or out of place"), what);
		return -1;
	}
	if (t->size > left) {
		xasprintf(cause, _("the card's %s runs past the end of its file"), what);
		return -1;
	}
	if (want != 0 && t->len != want) {
		xasprintf(cause, _("the card's %s has %zu bytes, not %zu"), what, t->len, want);
		return -1;
	}
	*pos += t->size;
	return 0;
}

int
card_parse_mynumber(const uint8_t *buf, size_t len, char out[MYNUMBER_LEN + 1], char **cause)
{
	struct tlv	 f;
	size_t		 i;

	if (tlv_file(buf, len, 0x10, _("My Number"), &f, cause) != 0)
		return -1;
	if (f.len != MYNUMBER_LEN) {
		xasprintf(cause, _("the card's My Number has %zu bytes, not %d"), f.len,
		    MYNUMBER_LEN);
		return -1;
	}
	for (i = 0; i < MYNUMBER_LEN; i++) {
		if (f.value[i] < '0' || f.value[i] > '9') {
			*cause = xstrdup(_("the card's My Number holds something other than digits"));
			return -1;
		}
		out[i] = (char)f.value[i];
	}
	out[MYNUMBER_LEN] = '\0';
	if (mynumber_check_digit(out) != out[MYNUMBER_LEN - 1] - '0') {
		explicit_bzero(out, MYNUMBER_LEN + 1);
		*cause = xstrdup(_("the My Number read from the card fails its check digit"));
		return -1;
	}
	return 0;
}

/* A text item: UTF-8 the register takes (no control characters), 1 to max characters. */
static int
card_text(const struct tlv *t, size_t max, const char *what, char **out, char **cause)
{
	char	*s, *why = NULL;

	s = xmalloc(t->len + 1);
	memcpy(s, t->value, t->len);
	s[t->len] = '\0';
	if (t->len == 0 || memchr(s, '\0', t->len) != NULL) {
		xasprintf(cause, _("the card's %s is empty or holds a NUL byte"), what);
		free(s);
		return -1;
	}
	if (valid_text(s, max, 0, &why) != 0) {
		xasprintf(cause, _("the card's %s cannot be taken: %s"), what, why);
		free(why);
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int
card_parse_four(const uint8_t *buf, size_t len, struct card_four *four, char **cause)
{
	struct tlv	 f, t;
	struct date	 d;
	size_t		 pos = 0;
	char		 iso[11], *why = NULL;

	memset(four, 0, sizeof *four);
	if (tlv_file(buf, len, 0x20, _("four basic items"), &f, cause) != 0)
		return -1;
	/* The offsets of the items that follow: the items are found by their tags instead. */
	if (tlv_item(&f, &pos, 0x21, 8, _("item offsets"), &t, cause) != 0 ||
	    tlv_item(&f, &pos, 0x22, 0, _("name"), &t, cause) != 0 ||
	    card_text(&t, CARD_NAME_MAX, _("name"), &four->name, cause) != 0 ||
	    tlv_item(&f, &pos, 0x23, 0, _("address"), &t, cause) != 0 ||
	    card_text(&t, CARD_ADDRESS_MAX, _("address"), &four->address, cause) != 0 ||
	    tlv_item(&f, &pos, 0x24, 8, _("birth date"), &t, cause) != 0)
		goto fail;
	memcpy(four->birth, t.value, 8);
	four->birth[8] = '\0';
	snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", four->birth, four->birth + 4,
	    four->birth + 6);
	if (strspn(four->birth, "0123456789") != 8 || valid_date(iso, &d, &why) != 0) {
		xasprintf(cause, _("the card's birth date is not a calendar day"));
		free(why);
		goto fail;
	}
	if (tlv_item(&f, &pos, 0x25, 1, _("sex"), &t, cause) != 0)
		goto fail;
	if (t.value[0] != '1' && t.value[0] != '2' && t.value[0] != '3') {
		*cause = xstrdup(_("the card's sex is not one of its codes (1, 2 or 3)"));
		goto fail;
	}
	four->sex = (char)t.value[0];
	if (pos != f.len) {
		*cause = xstrdup(_("the card's four basic items are followed by data the layout "
		    "does not have"));
		goto fail;
	}
	return 0;

fail:
	card_four_free(four);
	return -1;
}

void
card_four_free(struct card_four *four)
{
	if (four->name != NULL)
		explicit_bzero(four->name, strlen(four->name));
	if (four->address != NULL)
		explicit_bzero(four->address, strlen(four->address));
	free(four->name);
	free(four->address);
	memset(four, 0, sizeof *four);
}

int
card_parse_signature(const uint8_t *buf, size_t len, uint8_t hash_mynumber[CARD_HASH_LEN],
    uint8_t hash_four[CARD_HASH_LEN], char **cause)
{
	struct tlv	 f, t;
	size_t		 pos = 0;

	if (tlv_file(buf, len, 0x30, _("signature data"), &f, cause) != 0)
		return -1;
	if (tlv_item(&f, &pos, 0x31, CARD_HASH_LEN, _("My Number hash"), &t, cause) != 0)
		return -1;
	memcpy(hash_mynumber, t.value, CARD_HASH_LEN);
	if (tlv_item(&f, &pos, 0x32, CARD_HASH_LEN, _("four items hash"), &t, cause) != 0)
		return -1;
	memcpy(hash_four, t.value, CARD_HASH_LEN);
	/* RSA-2048: the issuer's signature over the two hashes, not checked here. */
	if (tlv_item(&f, &pos, 0x33, 256, _("issuer's signature"), &t, cause) != 0)
		return -1;
	if (pos != f.len) {
		*cause = xstrdup(_("the card's signature data is followed by data the layout "
		    "does not have"));
		return -1;
	}
	return 0;
}
