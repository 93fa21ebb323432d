/* sim/: the card simulator's files, the other party to the card contract.
 * May use: lib/ but not the terminal's card reader or validators (scripts/check-layers). */
/*
 * The three elementary files of the 券面事項入力補助AP as docs/mynumber-card.md lays them
 * out, encoded here from the document alone, with the faults a test asks for written into
 * the bytes. Also the checks of the command line's values, which the simulator makes itself
 * for the same reason.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "card-sim.h"
#include "xmalloc.h"

#define SHA256_LEN	32
#define SIGNATURE_LEN	256
/* Real cards have fixed-size files: EF 0001 carries a few padding bytes after its element. */
#define MYNUMBER_PAD	4

/* A growing byte string. */
struct bytes {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

static void
bytes_add(struct bytes *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 16;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void
bytes_byte(struct bytes *b, unsigned int c)
{
	unsigned char	 byte = c;

	bytes_add(b, &byte, 1);
}

/* A BER definite length (ISO/IEC 8825-1): short form to 0x7F, then 81 nn and 82 nn nn. */
static void
bytes_ber_length(struct bytes *b, size_t len)
{
	if (len <= 0x7f)
		bytes_byte(b, len);
	else if (len <= 0xff) {
		bytes_byte(b, 0x81);
		bytes_byte(b, len);
	} else {
		bytes_byte(b, 0x82);
		bytes_byte(b, len >> 8);
		bytes_byte(b, len & 0xff);
	}
}

/* One element with a two-byte tag (FF xx or DF xx). */
static void
bytes_tlv(struct bytes *b, unsigned int tag, const void *value, size_t len)
{
	bytes_byte(b, tag >> 8);
	bytes_byte(b, tag & 0xff);
	bytes_ber_length(b, len);
	bytes_add(b, value, len);
}

static void
sha256(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	unsigned int	 outlen = SHA256_LEN;

	if (EVP_Digest(data, len, out, &outlen, EVP_sha256(), NULL) != 1)
		abort();
}

/* EF 0001: FF 10 0C and the twelve digits, then padding. */
static void
build_mynumber(const struct cs_person *p, unsigned int faults, struct cs_file *f,
    size_t *element_len)
{
	struct bytes	 b = { NULL, 0, 0 };
	int		 i;

	bytes_tlv(&b, 0xff10, p->mynumber, 12);
	*element_len = b.len;
	/* The length byte says one byte more than the digits there are. */
	if (faults & CS_FAULT_BAD_MYNUMBER)
		b.p[2] = 0x0d;
	for (i = 0; i < MYNUMBER_PAD; i++)
		bytes_byte(&b, 0xff);
	f->id = CS_EF_MYNUMBER;
	f->data = b.p;
	f->len = b.len;
}

/* The name as the card holds it, with the faults that change it. */
static void
build_name(const struct cs_person *p, unsigned int faults, struct bytes *name)
{
	int	 i;

	if (faults & CS_FAULT_LONG_FOUR) {
		/* 100 × あ: 300 bytes, valid UTF-8, longer than the register takes. */
		for (i = 0; i < 100; i++)
			bytes_add(name, "\xe3\x81\x82", 3);
	} else
		bytes_add(name, p->name, strlen(p->name));
	if (faults & CS_FAULT_NON_UTF8)
		bytes_byte(name, 0xff);
}

/*
 * EF 0002: FF 20 len { DF 21 08 offsets, DF 22 name, DF 23 address, DF 24 birth, DF 25 sex }.
 * The offsets in DF 21 are those of the four elements after it, counted from the start of
 * the outer element's value.
 */
static void
build_four(const struct cs_person *p, unsigned int faults, struct cs_file *f)
{
	struct bytes	 name = { NULL, 0, 0 }, items = { NULL, 0, 0 };
	struct bytes	 value = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	unsigned char	 offsets[8];
	size_t		 start[4], offset;
	int		 i;

	build_name(p, faults, &name);
	start[0] = items.len;
	bytes_tlv(&items, 0xdf22, name.p, name.len);
	start[1] = items.len;
	bytes_tlv(&items, 0xdf23, p->address, strlen(p->address));
	start[2] = items.len;
	bytes_tlv(&items, 0xdf24, p->birth, 8);
	start[3] = items.len;
	bytes_tlv(&items, 0xdf25, &p->sex, 1);
	/* The sex says five bytes, and the outer element ends after one. */
	if (faults & CS_FAULT_BAD_FOUR)
		items.p[start[3] + 2] = 0x05;

	for (i = 0; i < 4; i++) {
		offset = 2 + 1 + sizeof offsets + start[i];	/* after DF 21 08 ... */
		offsets[2 * i] = offset >> 8;
		offsets[2 * i + 1] = offset & 0xff;
	}
	bytes_tlv(&value, 0xdf21, offsets, sizeof offsets);
	bytes_add(&value, items.p, items.len);
	bytes_tlv(&out, 0xff20, value.p, value.len);

	f->id = CS_EF_FOUR;
	f->data = out.p;
	f->len = out.len;
	free(name.p);
	free(items.p);
	free(value.p);
}

/*
 * EF 0003: FF 30 len { DF 31 20 SHA-256 of EF 0001's element, DF 32 20 SHA-256 of EF 0002's
 * element, DF 33 82 01 00 signature }. The "signature" is never verified by the terminal
 * (it lacks J-LIS's certificate): 256 deterministic bytes, SHA-256 chained from the hashes.
 */
static void
build_signature(const struct cs_files *files, size_t mynumber_element, unsigned int faults,
    struct cs_file *f)
{
	struct bytes	 value = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	unsigned char	 h[2 * SHA256_LEN], sig[SIGNATURE_LEN];
	int		 i;

	sha256(files->mynumber.data, mynumber_element, h);
	sha256(files->four.data, files->four.len, h + SHA256_LEN);
	if (faults & CS_FAULT_BAD_HASH)
		h[2 * SHA256_LEN - 1] ^= 0xff;
	sha256(h, sizeof h, sig);
	for (i = 1; i < SIGNATURE_LEN / SHA256_LEN; i++)
		sha256(sig + (i - 1) * SHA256_LEN, SHA256_LEN, sig + i * SHA256_LEN);

	bytes_tlv(&value, 0xdf31, h, SHA256_LEN);
	bytes_tlv(&value, 0xdf32, h + SHA256_LEN, SHA256_LEN);
	bytes_tlv(&value, 0xdf33, sig, sizeof sig);
	bytes_tlv(&out, 0xff30, value.p, value.len);
	f->id = CS_EF_SIGNATURE;
	f->data = out.p;
	f->len = out.len;
	free(value.p);
}

void
cs_files_build(const struct cs_person *p, unsigned int faults, struct cs_files *files)
{
	size_t	 mynumber_element;

	memset(files, 0, sizeof *files);
	build_mynumber(p, faults, &files->mynumber, &mynumber_element);
	build_four(p, faults, &files->four);
	build_signature(files, mynumber_element, faults, &files->signature);
}

void
cs_files_free(struct cs_files *files)
{
	free(files->mynumber.data);
	free(files->four.data);
	free(files->signature.data);
	memset(files, 0, sizeof *files);
}

/*
 * The check digit of a My Number: P(n) is the n-th of the first eleven digits counted from
 * the right, Q(n) = n + 1 for n = 1..6 and n - 5 for n = 7..11; with r = ΣP(n)Q(n) mod 11
 * the check digit is 0 when r <= 1, else 11 - r.
 */
int
cs_check_digit(const char *digits)
{
	int	 n, sum = 0, r;

	for (n = 1; n <= 11; n++)
		sum += (digits[11 - n] - '0') * (n <= 6 ? n + 1 : n - 5);
	r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

int
cs_valid_mynumber(const char *s, int any_check_digit)
{
	if (strlen(s) != 12 || strspn(s, "0123456789") != 12)
		return -1;
	if (!any_check_digit && cs_check_digit(s) != s[11] - '0')
		return -1;
	return 0;
}

int
cs_valid_birth(const char *s)
{
	static const int	 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int			 y, m, d, leap;

	if (strlen(s) != 8 || strspn(s, "0123456789") != 8)
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	if (d > days[m - 1] + (m == 2 && leap))
		return -1;
	return 0;
}
