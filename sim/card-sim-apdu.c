/* sim/: the card simulator's side of the APDU conversation (docs/mynumber-card.md).
 * May use: lib/ but not the terminal's card reader (scripts/check-layers). */
/*
 * ISO/IEC 7816-4 as far as the contract goes: SELECT of the AP by name and of its EFs by
 * identifier, VERIFY of the PIN (with and without data), READ BINARY of the current EF.
 * Everything else is refused with the status word a card would give, so that the terminal
 * sees the same answers to its mistakes as from a real card.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "card-sim.h"

/* 券面事項入力補助AP */
static const unsigned char	 ap_name[] = {
	0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08
};

/* A command APDU taken apart (short lengths only: the contract has no extended ones). */
struct apdu {
	unsigned char		 cla, ins, p1, p2;
	const unsigned char	*data;
	size_t			 lc;
	size_t			 le;	/* 0 when absent, 256 for a Le byte of 00 */
};

static int
apdu_parse(const unsigned char *in, size_t len, struct apdu *a)
{
	if (len < 4)
		return -1;
	memset(a, 0, sizeof *a);
	a->cla = in[0];
	a->ins = in[1];
	a->p1 = in[2];
	a->p2 = in[3];
	if (len == 4)
		return 0;
	if (len == 5) {
		a->le = in[4] == 0 ? 256 : in[4];
		return 0;
	}
	a->lc = in[4];
	if (a->lc == 0)		/* an extended length: not ours */
		return -1;
	a->data = in + 5;
	if (len == 5 + a->lc)
		return 0;
	if (len == 6 + a->lc) {
		a->le = in[5 + a->lc] == 0 ? 256 : in[5 + a->lc];
		return 0;
	}
	return -1;
}

static void
put_sw(unsigned char *out, size_t *outlen, unsigned int sw)
{
	out[*outlen] = sw >> 8;
	out[*outlen + 1] = sw & 0xff;
	*outlen += 2;
}

/* The file the current EF names, NULL for the PIN EF or none. */
static const struct cs_file *
current_file(const struct cs_card *c)
{
	switch (c->ef) {
	case CS_EF_MYNUMBER:
		return &c->files->mynumber;
	case CS_EF_FOUR:
		return &c->files->four;
	case CS_EF_SIGNATURE:
		return &c->files->signature;
	}
	return NULL;
}

void
cs_card_reset(struct cs_card *c)
{
	c->ap_selected = 0;
	c->ef = 0;
	c->verified = 0;
}

static unsigned int
do_select(struct cs_card *c, const struct apdu *a, char *log, size_t logsize)
{
	uint16_t	 id;

	if (a->p1 == 0x04) {
		if (a->lc != sizeof ap_name || memcmp(a->data, ap_name, sizeof ap_name) != 0) {
			snprintf(log, logsize, "SELECT unknown AID");
			return 0x6a82;
		}
		snprintf(log, logsize, "SELECT AP");
		if (c->faults & CS_FAULT_NOT_MYNUMBER)
			return 0x6a82;
		/* Selecting the AP again starts over: the PIN must be verified again. */
		cs_card_reset(c);
		c->ap_selected = 1;
		return 0x9000;
	}
	if (a->p1 == 0x02) {
		if (a->lc != 2) {
			snprintf(log, logsize, "SELECT EF (%zu bytes)", a->lc);
			return 0x6700;
		}
		id = a->data[0] << 8 | a->data[1];
		snprintf(log, logsize, "SELECT EF %04X", id);
		if (!c->ap_selected)
			return 0x6a82;
		switch (id) {
		case CS_EF_MYNUMBER:
		case CS_EF_FOUR:
		case CS_EF_SIGNATURE:
		case CS_EF_PIN:
			c->ef = id;
			return 0x9000;
		}
		return 0x6a82;
	}
	snprintf(log, logsize, "SELECT P1=%02X", a->p1);
	return 0x6a86;
}

static unsigned int
do_verify(struct cs_card *c, const struct apdu *a, char *log, size_t logsize)
{
	/* Only the header and the length go into the log, never the digits. */
	if (a->lc == 0)
		snprintf(log, logsize, "VERIFY (no data)");
	else
		snprintf(log, logsize, "VERIFY (%zu bytes)", a->lc);
	if (a->p1 != 0x00 || a->p2 != 0x80)
		return 0x6a86;
	if (!c->ap_selected || c->ef != CS_EF_PIN)
		return 0x6986;	/* command not allowed: no PIN EF selected */
	if (a->lc > 0)
		c->verifies++;
	if (c->tries == 0)
		return 0x6983;
	if (a->lc == 0)
		return 0x63c0 | c->tries;
	if (a->lc == strlen(c->pin) && memcmp(a->data, c->pin, a->lc) == 0) {
		c->tries = c->max_tries;
		c->verified = 1;
		return 0x9000;
	}
	c->verified = 0;
	c->tries--;
	return 0x63c0 | c->tries;
}

static unsigned int
do_read(struct cs_card *c, const struct apdu *a, unsigned char *out, size_t *outlen,
    char *log, size_t logsize)
{
	const struct cs_file	*f;
	size_t			 offset, n;

	offset = (size_t)a->p1 << 8 | a->p2;
	snprintf(log, logsize, "READ %04X @%zu", c->ef, offset);
	if (a->p1 & 0x80)	/* a short EF identifier: not in the contract */
		return 0x6a86;
	if (a->le == 0 || a->lc != 0)
		return 0x6700;
	if (!c->ap_selected || c->ef == 0)
		return 0x6986;
	if ((f = current_file(c)) == NULL)
		return 0x6981;	/* the PIN EF cannot be read */
	if (!c->verified)
		return 0x6982;
	if (offset >= f->len)
		return 0x6b00;
	n = f->len - offset;
	if (n > a->le)
		n = a->le;
	memcpy(out, f->data + offset, n);
	*outlen = n;
	snprintf(log, logsize, "READ %04X @%zu -> %zu bytes", c->ef, offset, n);
	return 0x9000;
}

enum cs_action
cs_card_apdu(struct cs_card *c, const unsigned char *in, size_t len, unsigned char *out,
    size_t *outlen, char *log, size_t logsize)
{
	struct apdu	 a;
	enum cs_action	 action = CS_ANSWER;
	unsigned int	 sw;
	size_t		 used;

	*outlen = 0;
	if (apdu_parse(in, len, &a) != 0) {
		snprintf(log, logsize, "MALFORMED (%zu bytes)", len);
		sw = 0x6700;
	} else if (a.cla != 0x00) {
		snprintf(log, logsize, "CLA %02X", a.cla);
		sw = 0x6e00;
	} else {
		switch (a.ins) {
		case 0xa4:
			sw = do_select(c, &a, log, logsize);
			break;
		case 0x20:
			sw = do_verify(c, &a, log, logsize);
			action = CS_ANSWER_VERIFY;
			break;
		case 0xb0:
			/* The card is pulled out while the terminal reads the four items. */
			if ((c->faults & CS_FAULT_REMOVE) && c->verified &&
			    c->ef == CS_EF_FOUR && a.p1 == 0 && a.p2 == 0) {
				snprintf(log, logsize, "READ %04X @0 -> removed", c->ef);
				return CS_REMOVE;
			}
			sw = do_read(c, &a, out, outlen, log, logsize);
			break;
		default:
			snprintf(log, logsize, "INS %02X", a.ins);
			sw = 0x6d00;
			break;
		}
	}
	put_sw(out, outlen, sw);
	used = strlen(log);
	snprintf(log + used, logsize - used, "%s%04X", sw == 0x9000 && *outlen > 2 ? " " :
	    " -> ", sw);
	return action;
}
