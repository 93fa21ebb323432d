/*
 * The card conversation of docs/mynumber-card.md over pcsc-lite. The screen process calls
 * this directly: pcscd does the USB and the locking, and the privileged monitor has no part
 * in it (SPEC §2). The connection is exclusive, so that no other program talks to the card
 * between the PIN and the reads, and ends with a reset, so that the verified PIN does not
 * outlive the read.
 */
#include "config.h"

#include <winscard.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "card/card-read.h"
#include "i18n.h"
#include "xmalloc.h"

/* 券面事項入力補助AP, and its files. */
static const uint8_t card_aid[] = { 0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04,
    0x08 };
#define EF_MYNUMBER	0x0001
#define EF_FOUR		0x0002
#define EF_SIGNATURE	0x0003
#define EF_PIN		0x0011

#define SW_OK		0x9000

/* The longest answer: 256 bytes and the status word. */
#define CARD_ANSWER_MAX	258

struct card_session {
	SCARDCONTEXT	 ctx;
	SCARDHANDLE	 card;
	DWORD		 protocol;
	char		*reader;
};

/* What pcsc-lite's own code means for the person at the desk. */
static enum card_state
card_pcsc_state(LONG rv, const char *reader, char **cause)
{
	switch (rv) {
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		*cause = xstrdup(_("the smart card service (pcscd) is not running: ask the "
		    "system administrator (madoguchi-admin card-check)"));
		return CARD_NO_SERVICE;
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
		*cause = xstrdup(_("no card reader is connected"));
		return CARD_NO_READER;
	case SCARD_E_NO_SMARTCARD:
		xasprintf(cause, _("no card in the reader %s"), reader != NULL ? reader : "");
		return CARD_NO_CARD;
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_RESET_CARD:
		*cause = xstrdup(_("the card was taken out of the reader during the read: "
		    "nothing was filled in"));
		return CARD_REMOVED;
	case SCARD_W_UNRESPONSIVE_CARD:
	case SCARD_W_UNPOWERED_CARD:
		*cause = xstrdup(_("the card does not answer: put it in again, chip first"));
		return CARD_NO_CARD;
	case SCARD_E_SHARING_VIOLATION:
		*cause = xstrdup(_("another program is using the card reader"));
		return CARD_FAILED;
	default:
		xasprintf(cause, _("the card reader failed: %s"), pcsc_stringify_error(rv));
		return CARD_FAILED;
	}
}

/*
 * An answer without a status word. pcscd gives one, as a success, for a card taken out in
 * the middle of a command (seen with pcsc-lite 1.9.9 and vpcd): the reader's state, once
 * pcscd has noticed, tells that apart from a card that stopped answering.
 */
static enum card_state
card_no_status(struct card_session *s, char **cause)
{
	SCARD_READERSTATE	 rs;
	LONG			 rv;

	/* pcscd sees the reader empty a moment later: a second is plenty. */
	memset(&rs, 0, sizeof rs);
	rs.szReader = s->reader;
	rs.dwCurrentState = SCARD_STATE_PRESENT;
	rv = SCardGetStatusChange(s->ctx, 1000, &rs, 1);
	if (rv == SCARD_S_SUCCESS && (rs.dwEventState & SCARD_STATE_EMPTY))
		return card_pcsc_state(SCARD_W_REMOVED_CARD, s->reader, cause);
	*cause = xstrdup(_("the card stopped answering in the middle of the read: take it "
	    "out and put it in again"));
	return CARD_FAILED;
}

/*
 * One command and its answer. T=0's "more to fetch" (61 xx) and "wrong length" (6C xx) are
 * followed here, so that callers see the final answer's data and status word.
 */
static enum card_state
card_apdu(struct card_session *s, const uint8_t *cmd, size_t cmd_len, uint8_t *data,
    size_t *data_len, unsigned *sw, char **cause)
{
	const SCARD_IO_REQUEST	*pci = s->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 :
	    SCARD_PCI_T1;
	uint8_t			 ans[CARD_ANSWER_MAX], again[5];
	DWORD			 ans_len;
	LONG			 rv;
	int			 rounds;

	*data_len = 0;
	for (rounds = 0; rounds < 8; rounds++) {
		ans_len = sizeof ans;
		rv = SCardTransmit(s->card, pci, cmd, (DWORD)cmd_len, NULL, ans, &ans_len);
		if (rv != SCARD_S_SUCCESS)
			return card_pcsc_state(rv, s->reader, cause);
		if (ans_len < 2)
			return card_no_status(s, cause);
		ans_len -= 2;
		if (*data_len + ans_len > CARD_ANSWER_MAX - 2) {
			*cause = xstrdup(_("the card gave a longer answer than asked"));
			return CARD_BAD_DATA;
		}
		memcpy(data + *data_len, ans, ans_len);
		*data_len += ans_len;
		*sw = (unsigned)ans[ans_len] << 8 | ans[ans_len + 1];
		if ((*sw & 0xff00) == 0x6100) {		/* GET RESPONSE for the rest */
			memcpy(again, (uint8_t[]){ 0x00, 0xc0, 0x00, 0x00, *sw & 0xff }, 5);
		} else if ((*sw & 0xff00) == 0x6c00 && cmd_len == 5) {	/* the right Le */
			memcpy(again, cmd, 4);
			again[4] = *sw & 0xff;
			*data_len = 0;
		} else
			return CARD_OK;
		cmd = again;
		cmd_len = sizeof again;
	}
	*cause = xstrdup(_("the card keeps asking for more exchanges than a read needs"));
	return CARD_BAD_DATA;
}

/* An answer's status word that is not one the step expects, in words. */
static enum card_state
card_unexpected(unsigned sw, const char *step, char **cause)
{
	xasprintf(cause, _("the card refused %s (status %04X)"), step, sw);
	return CARD_FAILED;
}

static enum card_state
card_select_ef(struct card_session *s, unsigned ef, char **cause)
{
	uint8_t		 cmd[] = { 0x00, 0xa4, 0x02, 0x0c, 0x02, ef >> 8, ef & 0xff };
	uint8_t		 data[CARD_ANSWER_MAX];
	size_t		 len;
	unsigned	 sw;
	enum card_state	 st;

	if ((st = card_apdu(s, cmd, sizeof cmd, data, &len, &sw, cause)) != CARD_OK)
		return st;
	if (sw == 0x6a82) {
		xasprintf(cause, _("the card has no file %04X: it is not a My Number card as "
		    "the terminal knows them"), ef);
		return CARD_BAD_DATA;
	}
	if (sw != SW_OK)
		return card_unexpected(sw, _("to open one of its files"), cause);
	return CARD_OK;
}

/*
 * The file's element, whole: READ BINARY from offset 0 until the length its header
 * declares, never beyond CARD_FILE_MAX (allocated into *out, its size in *len).
 */
static enum card_state
card_read_file(struct card_session *s, unsigned ef, const char *what, uint8_t **out,
    size_t *len, char **cause)
{
	uint8_t		*buf, cmd[5], data[CARD_ANSWER_MAX];
	size_t		 have = 0, want = 0, got;
	unsigned	 sw;
	enum card_state	 st;

	*out = NULL;
	if ((st = card_select_ef(s, ef, cause)) != CARD_OK)
		return st;
	buf = xmalloc(CARD_FILE_MAX);
	do {
		cmd[0] = 0x00;
		cmd[1] = 0xb0;
		cmd[2] = (uint8_t)(have >> 8);
		cmd[3] = (uint8_t)have;
		cmd[4] = want == 0 || want - have >= 256 ? 0x00 : (uint8_t)(want - have);
		if ((st = card_apdu(s, cmd, sizeof cmd, data, &got, &sw, cause)) != CARD_OK)
			goto fail;
		if (sw == 0x6982) {
			xasprintf(cause, _("the card did not let the %s be read: its PIN was not "
			    "accepted"), what);
			st = CARD_FAILED;
			goto fail;
		}
		if (sw != SW_OK && sw != 0x6282) {	/* 6282: end of file reached */
			st = card_unexpected(sw, what, cause);
			goto fail;
		}
		if (got == 0 || got > CARD_FILE_MAX - have) {
			xasprintf(cause, _("the card's %s is cut short"), what);
			st = CARD_BAD_DATA;
			goto fail;
		}
		memcpy(buf + have, data, got);
		have += got;
		if (want == 0 && (want = card_element_size(buf, have)) == 0) {
			xasprintf(cause, _("the card's %s is not in the expected format"), what);
			st = CARD_BAD_DATA;
			goto fail;
		}
	} while (have < want);
	*out = buf;
	*len = want;
	return CARD_OK;

fail:
	explicit_bzero(buf, CARD_FILE_MAX);
	free(buf);
	return st;
}

enum card_state
card_open(const char *reader, struct card_session **out, char **cause)
{
	struct card_session	*s;
	uint8_t			 cmd[5 + sizeof card_aid], data[CARD_ANSWER_MAX];
	char			*list = NULL, *r;
	DWORD			 list_len = SCARD_AUTOALLOCATE;
	LONG			 rv;
	size_t			 len;
	unsigned		 sw;
	enum card_state		 st;

	*out = NULL;
	s = xcalloc(1, sizeof *s);
	if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &s->ctx)) !=
	    SCARD_S_SUCCESS) {
		free(s);
		return card_pcsc_state(rv, NULL, cause);
	}
	rv = SCardListReaders(s->ctx, NULL, (LPSTR)&list, &list_len);
	if (rv != SCARD_S_SUCCESS) {
		st = card_pcsc_state(rv, NULL, cause);
		goto fail;
	}
	/* The first reader that holds a card, or the one asked for. */
	st = CARD_NO_READER;
	rv = SCARD_E_NO_SMARTCARD;
	for (r = list; *r != '\0'; r += strlen(r) + 1) {
		if (reader != NULL && strcmp(r, reader) != 0)
			continue;
		rv = SCardConnect(s->ctx, r, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 |
		    SCARD_PROTOCOL_T1, &s->card, &s->protocol);
		if (rv == SCARD_S_SUCCESS) {
			s->reader = xstrdup(r);
			break;
		}
	}
	if (s->reader == NULL) {
		if (reader != NULL && rv == SCARD_E_NO_SMARTCARD && *list != '\0' &&
		    strcmp(list, reader) != 0)
			rv = SCARD_E_UNKNOWN_READER;
		st = card_pcsc_state(rv, reader != NULL ? reader : list, cause);
		goto fail;
	}
	SCardFreeMemory(s->ctx, list);
	list = NULL;

	cmd[0] = 0x00;
	cmd[1] = 0xa4;
	cmd[2] = 0x04;
	cmd[3] = 0x0c;
	cmd[4] = sizeof card_aid;
	memcpy(cmd + 5, card_aid, sizeof card_aid);
	if ((st = card_apdu(s, cmd, sizeof cmd, data, &len, &sw, cause)) != CARD_OK)
		goto fail;
	if (sw == 0x6a82 || sw == 0x6a81 || sw == 0x6d00 || sw == 0x6e00) {
		*cause = xstrdup(_("this card is not a My Number card (it has no "
		    "text-input-support application)"));
		st = CARD_NOT_MYNUMBER;
		goto fail;
	}
	if (sw != SW_OK) {
		st = card_unexpected(sw, _("its text-input-support application"), cause);
		goto fail;
	}
	*out = s;
	return CARD_OK;

fail:
	if (list != NULL)
		SCardFreeMemory(s->ctx, list);
	card_close(s);
	return st;
}

const char *
card_session_reader(const struct card_session *s)
{
	return s->reader;
}

/* The answer to a VERIFY, with or without a PIN. */
static enum card_state
card_pin_answer(unsigned sw, int *tries, char **cause)
{
	if (sw == SW_OK)
		return CARD_OK;
	if (sw == 0x6983 || sw == 0x63c0) {
		*tries = 0;
		*cause = xstrdup(_("the card's PIN is locked: the resident must have it reset "
		    "at the municipality's office; type the items from the card instead"));
		return CARD_PIN_LOCKED;
	}
	if ((sw & 0xfff0) == 0x63c0) {
		*tries = (int)(sw & 0x0f);
		xasprintf(cause, ngettext("wrong PIN: %d try left before the card locks",
		    "wrong PIN: %d tries left before the card locks", *tries), *tries);
		return CARD_PIN_WRONG;
	}
	return card_unexpected(sw, _("the PIN"), cause);
}

enum card_state
card_tries(struct card_session *s, int *tries, char **cause)
{
	const uint8_t	 cmd[] = { 0x00, 0x20, 0x00, 0x80 };
	uint8_t		 data[CARD_ANSWER_MAX];
	size_t		 len;
	unsigned	 sw;
	enum card_state	 st;

	*tries = -1;
	if ((st = card_select_ef(s, EF_PIN, cause)) != CARD_OK ||
	    (st = card_apdu(s, cmd, sizeof cmd, data, &len, &sw, cause)) != CARD_OK)
		return st;
	if (sw == SW_OK)	/* verified already in this connection: nothing to spend */
		return CARD_OK;
	st = card_pin_answer(sw, tries, cause);
	if (st == CARD_PIN_WRONG) {	/* not a wrong PIN: only the count */
		free(*cause);
		*cause = NULL;
		return CARD_OK;
	}
	return st;
}

enum card_state
card_verify(struct card_session *s, const char *pin, int *tries, char **cause)
{
	uint8_t		 cmd[9] = { 0x00, 0x20, 0x00, 0x80, 0x04 };
	uint8_t		 data[CARD_ANSWER_MAX];
	size_t		 len;
	unsigned	 sw;
	enum card_state	 st;

	*tries = -1;
	if (strlen(pin) != 4 || strspn(pin, "0123456789") != 4) {
		*cause = xstrdup(_("the card's PIN is four digits: nothing was sent"));
		return CARD_FAILED;
	}
	if ((st = card_select_ef(s, EF_PIN, cause)) != CARD_OK)
		return st;
	memcpy(cmd + 5, pin, 4);
	st = card_apdu(s, cmd, sizeof cmd, data, &len, &sw, cause);
	explicit_bzero(cmd, sizeof cmd);
	if (st != CARD_OK)
		return st;
	return card_pin_answer(sw, tries, cause);
}

/* Whether the SHA-256 of len bytes at buf is hash. */
static int
card_hash_is(const uint8_t *buf, size_t len, const uint8_t hash[CARD_HASH_LEN])
{
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned	 md_len = 0;

	if (EVP_Digest(buf, len, md, &md_len, EVP_sha256(), NULL) != 1 ||
	    md_len != CARD_HASH_LEN)
		return 0;
	return memcmp(md, hash, CARD_HASH_LEN) == 0;
}

enum card_state
card_read(struct card_session *s, struct card_data *d, char **cause)
{
	uint8_t		*mn = NULL, *four = NULL, *sig = NULL;
	size_t		 mn_len, four_len, sig_len;
	enum card_state	 st;

	memset(d, 0, sizeof *d);
	if ((st = card_read_file(s, EF_MYNUMBER, _("My Number"), &mn, &mn_len, cause)) !=
	    CARD_OK ||
	    (st = card_read_file(s, EF_FOUR, _("four basic items"), &four, &four_len,
	    cause)) != CARD_OK ||
	    (st = card_read_file(s, EF_SIGNATURE, _("signature data"), &sig, &sig_len,
	    cause)) != CARD_OK)
		goto out;
	st = CARD_BAD_DATA;
	if (card_parse_mynumber(mn, mn_len, d->mynumber, cause) != 0 ||
	    card_parse_four(four, four_len, &d->four, cause) != 0 ||
	    card_parse_signature(sig, sig_len, d->hash_mynumber, d->hash_four, cause) != 0)
		goto out;
	if (!card_hash_is(mn, mn_len, d->hash_mynumber) ||
	    !card_hash_is(four, four_len, d->hash_four)) {
		*cause = xstrdup(_("the card's text does not match its own signature data: "
		    "it may have been tampered with; type the items instead"));
		goto out;
	}
	st = CARD_OK;

out:
	if (st != CARD_OK)
		card_data_free(d);
	if (mn != NULL)
		explicit_bzero(mn, CARD_FILE_MAX);
	if (four != NULL)
		explicit_bzero(four, CARD_FILE_MAX);
	free(mn);
	free(four);
	free(sig);
	return st;
}

void
card_close(struct card_session *s)
{
	if (s == NULL)
		return;
	if (s->reader != NULL)
		(void)SCardDisconnect(s->card, SCARD_RESET_CARD);
	(void)SCardReleaseContext(s->ctx);
	free(s->reader);
	free(s);
}

void
card_data_free(struct card_data *d)
{
	card_four_free(&d->four);
	explicit_bzero(d, sizeof *d);
}

enum card_state
card_readers(struct card_reader **out, size_t *n, char **cause)
{
	struct card_session	*s;
	struct card_reader	*v = NULL;
	SCARDCONTEXT		 ctx;
	char			*list = NULL, *r, *why = NULL;
	DWORD			 list_len = SCARD_AUTOALLOCATE;
	LONG			 rv;
	size_t			 count = 0;

	*out = NULL;
	*n = 0;
	if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx)) !=
	    SCARD_S_SUCCESS)
		return card_pcsc_state(rv, NULL, cause);
	rv = SCardListReaders(ctx, NULL, (LPSTR)&list, &list_len);
	if (rv == SCARD_E_NO_READERS_AVAILABLE) {
		SCardReleaseContext(ctx);
		return CARD_OK;
	}
	if (rv != SCARD_S_SUCCESS) {
		SCardReleaseContext(ctx);
		return card_pcsc_state(rv, NULL, cause);
	}
	for (r = list; *r != '\0'; r += strlen(r) + 1) {
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count].name = xstrdup(r);
		v[count].card = v[count].mynumber = 0;
		switch (card_open(r, &s, &why)) {
		case CARD_OK:
			v[count].card = v[count].mynumber = 1;
			card_close(s);
			break;
		case CARD_NOT_MYNUMBER:
		case CARD_FAILED:
			v[count].card = 1;
			break;
		default:
			break;
		}
		free(why);
		why = NULL;
		count++;
	}
	SCardFreeMemory(ctx, list);
	SCardReleaseContext(ctx);
	*out = v;
	*n = count;
	return CARD_OK;
}

void
card_readers_free(struct card_reader *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
