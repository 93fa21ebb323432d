/*
 * The result file parser against files written by the simulator's writer (sim/), which
 * shares no code with it: the two implementations of docs/juki-format.md must agree on
 * every field, and every malformed class must be refused whole with a precise message.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "charconv.h"
#include "juki.h"
#include "sim.h"

#define L	JUKI_RES_RECLEN

struct env {
	struct charconv		*cc;
	struct sim_cp932	*sc;
};

static const struct juki_request_header header = {
	.file_id = "B20250401-0007",
	.terminal_id = "T-TEST-01",
	.created = "20250401093000",
	.mode = JUKI_MODE_BATCH,
};

static const struct juki_query queries[] = {
	{
		.request_no = 101, .jimu = 119, .mn_jimu = 45, .subject = "holder-0101",
		.base_date = 20250401, .name = "山田　太郎", .kana = "ヤマダ　タロウ",
		.want = JUKI_WANT_ALL, .birth = 19800115, .sex = JUKI_SEX_MALE,
		.mynumber = "123456789018",
	},
	{
		.request_no = 102, .jimu = 119, .subject = "holder-0102",
		.period_from = 20240401, .period_to = 20250331, .base_date = 20250401,
		.want_erased = 1, .name = "𠮷田　花子", .kana = "ヨシダ　ハナコ",
		.want = JUKI_WANT_BIRTH | JUKI_WANT_SEX | JUKI_WANT_ADDRESS | JUKI_WANT_REASON,
		.birth = 19751231, .sex = JUKI_SEX_FEMALE,
	},
	{
		.request_no = 103, .jimu = 119, .subject = "holder-0103",
		.base_date = 20250401, .kana = "サトウ　ケン", .birth = 19920229,
		.sex = JUKI_SEX_MALE,
	},
};
#define NQ	(sizeof queries / sizeof queries[0])
static const uint64_t outstanding[] = { 103, 101, 102, 555 };

static int
setup(void **state)
{
	struct env	*e = calloc(1, sizeof *e);
	char		*cause = NULL;

	sim_layout_init();
	e->cc = charconv_open(&cause);
	e->sc = sim_cp932_open();
	*state = e;
	return e->cc == NULL || e->sc == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;

	charconv_close(e->cc);
	sim_cp932_close(e->sc);
	free(e);
	return 0;
}

/* The simulator reads the terminal's request file. */
static void
read_request(struct env *e, struct sim_request_file *rf)
{
	char	*req = NULL, *cause = NULL, *err = NULL;
	size_t	 len;

	assert_int_equal(juki_request_write(e->cc, &header, queries, NQ, &req, &len, NULL,
	    &cause), 0);
	if (sim_request_read(e->sc, req, len, rf, &err) != 0)
		fail_msg("simulator cannot read the request: %s", err);
	free(req);
	assert_int_equal(rf->n, NQ);
}

/* Hand-made answers: 一致, 複数該当 (two residents, 外字 in names and address), 該当なし. */
static size_t
sample_answers(struct sim_answer *a)
{
	memset(a, 0, 4 * sizeof *a);
	a[0] = (struct sim_answer){
		.query = 0, .result = 0, .nres = 1, .seq = 1, .matched = " 11111  ",
		.moved = 0, .alive = 1, .changes = "00000", .jumin = "12345678906",
		.name = "山田　太郎", .kana = "ヤマダ　タロウ", .address = "東京都千代田区霞が関１丁目２番３号",
		.birth = 19800115, .sex = 1, .mynum = "123456789018", .muni = "131016",
		.pattern = 1, .old = "", .old_kana = "",
	};
	a[1] = (struct sim_answer){
		.query = 1, .result = 30, .nres = 2, .seq = 1, .matched = "  0111  ",
		.moved = 1, .alive = 1, .changes = "10000", .jumin = "22345678901",
		.name = "𠮷田　花子", .kana = "ヨシダ　ハナコ", .address = "京都府京都市上京区𡈽町①",
		.birth = 19751231, .sex = 2, .reason = 8, .rdate = 20240910, .muni = "261009",
		.pattern = 5, .old = "𡈽屋", .old_kana = "ツチヤ",
	};
	a[2] = (struct sim_answer){
		.query = 1, .result = 30, .nres = 2, .seq = 2, .matched = "  1111  ",
		.moved = 0, .alive = 2, .changes = "00000", .jumin = "32345678902",
		.name = "𠮷田　花子", .kana = "ヨシダ　ハナコ", .address = "大阪府大阪市北区梅田～",
		.birth = 19751231, .sex = 2, .muni = "271004", .nonpart = 1, .pattern = 5,
		.old = "", .old_kana = "",
	};
	a[3] = (struct sim_answer){
		.query = 2, .result = 20, .nres = 1, .seq = 1, .matched = "        ",
		.changes = "     ", .name = "", .kana = "", .address = "", .pattern = 6,
		.old = "", .old_kana = "",
	};
	return 4;
}

static void
build(struct env *e, enum sim_fault fault, char **out, size_t *len)
{
	struct sim_request_file	 rf;
	struct sim_answer	 a[4];
	char			*err = NULL;
	size_t			 n;

	read_request(e, &rf);
	n = sample_answers(a);
	if (sim_result_write(e->sc, &rf, a, n, "20250401100000", fault, out, len, &err) != 0)
		fail_msg("simulator cannot write: %s", err);
	sim_request_free(&rf);
}

static struct juki_expect
expect(void)
{
	struct juki_expect	 ex = {
		.terminal_id = "T-TEST-01",
		.file_id = "B20250401-0007",
		.requests = outstanding,
		.nrequests = 4,
	};

	return ex;
}

static void
test_round_trip(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex = expect();
	const struct juki_answer *a;
	char			*buf, *cause = NULL;
	size_t			 len;

	build(e, SIM_FAULT_NONE, &buf, &len);
	assert_int_equal(len, 6 * L);
	if (juki_result_parse(e->cc, buf, len, &ex, &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(f->file_id, "B20250401-0007");
	assert_string_equal(f->terminal_id, "T-TEST-01");
	assert_string_equal(f->created, "20250401100000");
	assert_int_equal(f->mode, JUKI_MODE_BATCH);
	assert_int_equal(f->nanswers, 4);
	assert_int_equal(f->nrequests, 3);
	assert_int_equal(f->ngaiji, 2);

	a = &f->answers[0];
	assert_int_equal(a->record, 2);
	assert_int_equal(a->offset, L);
	assert_int_equal(a->request_no, 101);
	assert_int_equal(a->jimu, 119);
	assert_int_equal(a->mn_jimu, 45);
	assert_string_equal(a->subject, "holder-0101");
	assert_int_equal(a->base_date, 20250401);
	assert_string_equal(a->q_name, "山田　太郎");
	assert_string_equal(a->q_kana, "ヤマダ　タロウ");
	assert_int_equal(a->want, JUKI_WANT_ALL);
	assert_string_equal(a->q_mynumber, "123456789018");
	assert_int_equal(a->result, JUKI_RC_MATCH);
	assert_int_equal(a->nresults, 1);
	assert_string_equal(a->matched, " 11111  ");
	assert_int_equal(a->alive, JUKI_ALIVE_LIVING);
	assert_string_equal(a->changes, "00000");
	assert_string_equal(a->jumin_code, "12345678906");
	assert_string_equal(a->name, "山田　太郎");
	assert_string_equal(a->address, "東京都千代田区霞が関１丁目２番３号");
	assert_int_equal(a->birth, 19800115);
	assert_int_equal(a->sex, JUKI_SEX_MALE);
	assert_string_equal(a->mynumber, "123456789018");
	assert_string_equal(a->municipality, "131016");
	assert_int_equal(a->pattern, JUKI_PAT_MYNUMBER);
	assert_int_equal(a->gaiji, 0);
	assert_string_equal(a->old_name, "");

	/* 外字 as 〓, counted; ① is CP932 (NEC), not 外字. */
	a = &f->answers[1];
	assert_int_equal(a->request_no, 102);
	assert_string_equal(a->q_name, "〓田　花子");
	assert_int_equal(a->period_from, 20240401);
	assert_int_equal(a->period_to, 20250331);
	assert_int_equal(a->want_erased, 1);
	assert_int_equal(a->result, JUKI_RC_MULTIPLE);
	assert_int_equal(a->nresults, 2);
	assert_int_equal(a->seq, 1);
	assert_string_equal(a->name, "〓田　花子");
	assert_string_equal(a->address, "京都府京都市上京区〓町①");
	assert_string_equal(a->old_name, "〓屋");
	assert_string_equal(a->old_kana, "ツチヤ");
	assert_int_equal(a->gaiji_name, 1);
	assert_int_equal(a->gaiji_address, 1);
	assert_int_equal(a->gaiji_old, 1);
	assert_int_equal(a->gaiji_records, 3);
	assert_int_equal(a->gaiji, 3);
	assert_int_equal(a->reason, JUKI_REASON_NAME);
	assert_int_equal(a->reason_date, 20240910);
	assert_int_equal(a->moved, 1);
	assert_string_equal(a->changes, "10000");
	assert_string_equal(a->mynumber, "");

	a = &f->answers[2];
	assert_int_equal(a->seq, 2);
	assert_int_equal(a->alive, JUKI_ALIVE_DEAD);
	assert_int_equal(a->nonparticipating, 1);
	assert_string_equal(a->address, "大阪府大阪市北区梅田～");
	assert_int_equal(a->gaiji, 1);

	a = &f->answers[3];
	assert_int_equal(a->request_no, 103);
	assert_int_equal(a->result, JUKI_RC_NOTFOUND);
	assert_int_equal(a->pattern, JUKI_PAT_KANA3);
	assert_string_equal(a->name, "");
	assert_int_equal(a->q_birth, 19920229);
	juki_result_free(f);
	free(buf);
}

/* Same bytes in, and nothing out but the error: one malformed class at a time. */
static void
rejects(struct env *e, const char *buf, size_t len, const struct juki_expect *ex,
    const char *needle1, const char *needle2)
{
	struct juki_result_file	*f = (void *)1;
	char			*cause = NULL;

	assert_int_equal(juki_result_parse(e->cc, buf, len, ex, &f, &cause), -1);
	assert_null(f);
	assert_non_null(cause);
	if (strstr(cause, needle1) == NULL || (needle2 != NULL && strstr(cause, needle2) == NULL))
		fail_msg("\"%s\" lacks \"%s\" / \"%s\"", cause, needle1,
		    needle2 != NULL ? needle2 : "");
	free(cause);
}

static void
fault(void **state, enum sim_fault k, const char *n1, const char *n2)
{
	struct env		*e = *state;
	struct juki_expect	 ex = expect();
	char			*buf;
	size_t			 len;

	build(e, k, &buf, &len);
	rejects(e, buf, len, &ex, n1, n2);
	free(buf);
}

static void
test_bad_count(void **state)
{
	fault(state, SIM_FAULT_COUNT, "count mismatch", "header says 5 data records, the file "
	    "holds 4");
}

static void
test_bad_checksum(void **state)
{
	fault(state, SIM_FAULT_CHECKSUM, "checksum mismatch", "record 6, byte 5009");
}

static void
test_truncated(void **state)
{
	fault(state, SIM_FAULT_TRUNCATED, "truncated", "500 of 1000 bytes");
}

static void
test_nul(void **state)
{
	/* Record 2 (offset 1000), 2-31 at 432, third byte of the name. */
	fault(state, SIM_FAULT_NUL, "NUL byte", "record 2, byte 1434");
}

static void
test_bad_encoding(void **state)
{
	fault(state, SIM_FAULT_ENCODING, "field 2-31", "0x85 at offset 0");
}

static void
test_wrong_terminal(void **state)
{
	fault(state, SIM_FAULT_TERMINAL, "wrong terminal",
	    "for T-ELSEWHERE-99, this terminal is T-TEST-01");
}

static void
test_unknown_request(void **state)
{
	fault(state, SIM_FAULT_UNKNOWN, "unknown request number 9999999999", "record 2");
}

static void
test_duplicate(void **state)
{
	fault(state, SIM_FAULT_DUPLICATE, "duplicate answer", "already answered in record 2");
}

static void
test_bad_length(void **state)
{
	fault(state, SIM_FAULT_LENGTH, "999 bytes long", "record 2");
}

static void
test_lf(void **state)
{
	fault(state, SIM_FAULT_LF, "LF without CR", "record 1, byte 998");
}

static void
test_gaiji_count(void **state)
{
	fault(state, SIM_FAULT_GAIJI, "gaiji count mismatch", "says 1, field 2-31 holds 0");
}

/* Recompute the trailer after a test edits the body, so that only the edit is wrong. */
static void
reseal(char *buf, size_t len)
{
	unsigned char	 md[32];
	size_t		 i;
	char		 hex[3];

	EVP_Digest(buf + L, len - 2 * L, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++) {
		snprintf(hex, sizeof hex, "%02x", md[i]);
		memcpy(buf + len - L + 9 + 2 * i, hex, 2);
	}
}

/* Edits of a valid file, each resealed so that the checksum is right. */
static void
test_field_rules(void **state)
{
	static const struct {
		size_t		 off;		/* in the file */
		const char	*bytes;
		size_t		 n;
		const char	*needle;
	} edits[] = {
		{ L + 398, "07", 2, "unknown result code 07" },
		{ L + 400, "002", 3, "do not fit result code 00" },
		{ L + 403, "002", 3, "not between 1 and 1" },
		{ L + 432, "A", 1, "half-width character 0x41" },
		{ L + 433, "\x20", 1, "cannot follow CP932 lead byte" },
		{ L + 560, "19801301", 8, "is not a date" },
		{ L + 568, "3", 1, "not between 0 and 2" },
		{ L + 701, "13", 2, "not between 0 and 12" },
		{ L + 701, "08", 2, "needs its date" },
		{ L + 793, "x", 1, "reserved field" },
		{ L + 371, "x", 1, "2-22" },
		{ L + 406, "2", 1, "2-26" },
		{ L + 413, "1", 1, "position 8" },
		{ L + 416, "0 000", 5, "every change flag" },
		{ L + 421, "1234567890 ", 11, "2-30" },
		{ L + 421, "           ", 11, "without a resident record code" },
		{ L + 415, "0", 1, "living" },
		{ L + 725, "00", 2, "search pattern" },
		{ L + 725, "07", 2, "not between 0 and 6" },
		{ L + 222, "0", 1, "did not ask for" },
		{ L + 71, "00000000", 8, "2-7" },
		{ L + 79, "2", 1, "2-8" },
		{ 2 * L + 63, "20250402", 8, "is not a period" },
		{ L + 63, "20250301", 8, "is not a period" },
		{ L + 1, "0000000000", 10, "request number 0" },
		{ L + 1, "00000000x1", 10, "where a digit belongs" },
		{ L + 0, "3", 1, "expected a data record" },
		{ 2 * L + 403, "002", 3, "starts with result record 2, not 1" },
		{ 2 * L + 403, "003", 3, "not between 1 and 2" },
		{ 3 * L + 403, "001", 3, "has 2 result records, but record 4 is 1" },
		{ 3 * L + 20, "X", 1, "does not repeat the request" },
		{ 4 * L + 432, "\x8e\x52", 2, "carries no resident" },
		{ 4 * L + 560, "19800101", 8, "carries no resident" },
		{ 0 + 9, "Other-file", 10, "answers request file Other-file" },
		{ 0 + 73, "20251301", 8, "YYYYMMDDhhmmss" },
		{ 0 + 87, "3", 1, "not between 1 and 2" },
		{ 0 + 88, "0400", 4, "record length 400" },
		{ 0 + 200, "x", 1, "reserved field" },
		{ 0 + 1, "JKXXX001", 8, "not a Juki-net result file" },
		{ 0 + 1, "JKREQ001", 8, "request file, not a result file" },
		{ 0 + 41, "T/TEST-01", 9, "not a terminal id" },
		{ 0 + 41, "\x81\x40", 2, "not printable ASCII" },
	};
	struct env		*e = *state;
	struct juki_expect	 ex = expect();
	char			*buf, *copy;
	size_t			 len, i;

	build(e, SIM_FAULT_NONE, &buf, &len);
	copy = malloc(len);
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		memcpy(copy, buf, len);
		memcpy(copy + edits[i].off, edits[i].bytes, edits[i].n);
		reseal(copy, len);
		rejects(e, copy, len, &ex, edits[i].needle, NULL);
	}
	free(copy);
	free(buf);
}

static void
test_expectations(void **state)
{
	struct env		*e = *state;
	struct juki_expect	 ex = expect();
	struct juki_result_file	*f = NULL;
	uint64_t		 two[] = { 101, 102 };
	char			*buf, *cause = NULL;
	size_t			 len;

	build(e, SIM_FAULT_NONE, &buf, &len);
	/* 555 is outstanding but unanswered: fine unless every answer is required. */
	ex.require_all = 1;
	rejects(e, buf, len, &ex, "request 555 has no answer", NULL);
	ex = expect();
	ex.requests = two;
	ex.nrequests = 2;
	rejects(e, buf, len, &ex, "unknown request number 103", "record 5");
	ex = expect();
	ex.terminal_id = NULL;
	rejects(e, buf, len, &ex, "no valid terminal id", NULL);
	ex = expect();
	ex.file_id = NULL;
	assert_int_equal(juki_result_parse(e->cc, buf, len, &ex, &f, &cause), 0);
	juki_result_free(f);
	free(buf);
}

/* Files cut at every length, and framing damage: no crash, no read past the end. */
static void
test_every_length(void **state)
{
	struct env		*e = *state;
	struct juki_expect	 ex = expect();
	struct juki_result_file	*f;
	char			*buf, *copy, *cause;
	size_t			 len, n;

	build(e, SIM_FAULT_NONE, &buf, &len);
	for (n = 0; n < len; n++) {
		/* An exact copy so that ASan sees any read past n. */
		copy = malloc(n == 0 ? 1 : n);
		memcpy(copy, buf, n);
		cause = NULL;
		f = NULL;
		assert_int_equal(juki_result_parse(e->cc, copy, n, &ex, &f, &cause), -1);
		assert_null(f);
		assert_non_null(cause);
		free(cause);
		free(copy);
	}
	rejects(e, buf, 0, &ex, "empty", NULL);
	rejects(e, buf, L, &ex, "no trailer record", NULL);
	rejects(e, buf, 2 * L, &ex, "not a trailer", NULL);
	rejects(e, buf, 3, &ex, "not a Juki-net result file", NULL);
	/* Header and trailer only: counts must say 0, and then there is nothing. */
	memcpy(buf + L, buf + 5 * L, L);
	memcpy(buf + 92, "00000000", 8);
	memcpy(buf + L + 1, "00000000", 8);
	reseal(buf, 2 * L);
	rejects(e, buf, 2 * L, &ex, "no data records", NULL);
	free(buf);
}

static void
test_framing(void **state)
{
	struct env		*e = *state;
	struct juki_expect	 ex = expect();
	char			*buf;
	size_t			 len;

	build(e, SIM_FAULT_NONE, &buf, &len);
	buf[L + 500] = '\r';
	rejects(e, buf, len, &ex, "stray CR", "byte 1500");
	buf[L + 500] = '\n';
	rejects(e, buf, len, &ex, "LF without CR inside a record", "byte 1500");
	buf[L + 500] = ' ';
	buf[2 * L - 1] = ' ';
	rejects(e, buf, len, &ex, "does not end in CR LF", "record 2");
	free(buf);
}

/* A result file for a simulated population, and what it was made from. */
struct world_file {
	struct sim_world	*w;
	struct sim_request_file	 rf;
	struct sim_answer	*sa;		/* what the simulator answered (into w, rf) */
	size_t			 nsa;
	uint64_t		*nums;		/* the request numbers asked, 1000 .. */
	char			*res;
	size_t			 len;
};

static void
world_file_free(struct world_file *wf)
{
	sim_request_free(&wf->rf);
	sim_world_free(wf->w);
	free(wf->sa);
	free(wf->nums);
	free(wf->res);
}

/* The result file answering a request for each of nq residents. */
static void
world_file(struct env *e, size_t nq, struct world_file *wf)
{
	struct sim_holder	 h;
	struct juki_query	*q;
	struct juki_request_header hd = header;
	char			*req, *cause = NULL, *err = NULL;
	size_t			 i, reqlen;

	memset(wf, 0, sizeof *wf);
	wf->w = sim_world_new(42, nq);
	q = calloc(nq, sizeof *q);
	wf->nums = calloc(nq, sizeof *wf->nums);
	for (i = 0; i < nq; i++) {
		assert_int_equal(sim_world_holder(wf->w, i, &h), 0);
		q[i].request_no = wf->nums[i] = 1000 + i;
		q[i].jimu = 119;
		q[i].mn_jimu = 45;
		q[i].base_date = 20261231;
		q[i].want_erased = 1;
		q[i].want = JUKI_WANT_ALL;
		/* Alternate the search patterns; namesakes by name, to meet each other. */
		switch (h.namesake ? 2 : i % 3) {
		case 0:
			q[i].mynumber = h.mynumber;
			break;
		case 1:
			q[i].name = h.name;
			q[i].birth = h.birth;
			q[i].sex = h.sex;
			q[i].address = h.address;
			break;
		case 2:
			q[i].kana = h.kana;
			q[i].birth = h.birth;
			q[i].sex = h.sex;
			break;
		}
	}
	assert_int_equal(juki_request_write(e->cc, &hd, q, nq, &req, &reqlen, NULL, &cause),
	    0);
	assert_int_equal(sim_request_read(e->sc, req, reqlen, &wf->rf, &err), 0);
	sim_world_answer(wf->w, &wf->rf, &wf->sa, &wf->nsa);
	assert_int_equal(sim_result_write(e->sc, &wf->rf, wf->sa, wf->nsa, NULL,
	    SIM_FAULT_NONE, &wf->res, &wf->len, &err), 0);
	free(req);
	free(q);
}

/* A whole population through both implementations: every field must survive. */
static void
check_world(struct env *e, size_t nq)
{
	struct world_file	 wf;
	struct sim_answer	*sa;
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex = expect();
	struct charconv_buf	 sj = { 0 }, back = { 0 };
	char			*cause = NULL;
	size_t			 i, nsa, g, pos, gaiji_seen = 0;
	size_t			 multiple = 0, dead = 0, moved = 0;
	const char		*pairs[4][2];
	int			 j;

	world_file(e, nq, &wf);
	sa = wf.sa;
	nsa = wf.nsa;
	ex.requests = wf.nums;
	ex.nrequests = nq;
	ex.require_all = 1;
	if (juki_result_parse(e->cc, wf.res, wf.len, &ex, &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->nanswers, nsa);
	assert_int_equal(f->nrequests, nq);
	for (i = 0; i < nsa; i++) {
		const struct juki_answer *a = &f->answers[i];

		assert_int_equal(a->record, i + 2);
		assert_int_equal(a->request_no, 1000 + sa[i].query);
		assert_int_equal(a->result, sa[i].result);
		assert_int_equal(a->nresults, sa[i].nres);
		assert_int_equal(a->seq, sa[i].seq);
		assert_int_equal(a->birth, sa[i].birth);
		assert_int_equal(a->sex, sa[i].sex);
		assert_int_equal(a->alive, sa[i].alive);
		assert_int_equal(a->reason, sa[i].reason);
		assert_int_equal(a->reason_date, sa[i].rdate);
		assert_int_equal(a->pattern, sa[i].pattern);
		assert_string_equal(a->jumin_code, sa[i].jumin);
		assert_string_equal(a->mynumber, sa[i].mynum);
		assert_string_equal(a->municipality, sa[i].muni);
		assert_string_equal(a->matched, sa[i].matched);
		/* Text: what the terminal's converter makes of the simulator's UTF-8. */
		pairs[0][0] = a->name; pairs[0][1] = sa[i].name;
		pairs[1][0] = a->kana; pairs[1][1] = sa[i].kana;
		pairs[2][0] = a->address; pairs[2][1] = sa[i].address;
		pairs[3][0] = a->old_name; pairs[3][1] = sa[i].old;
		for (j = 0, g = 0; j < 4; j++) {
			size_t	 gj;

			assert_int_equal(charconv_to_cp932(e->cc, pairs[j][1],
			    strlen(pairs[j][1]), &sj, &gj, &pos, &cause), 0);
			assert_int_equal(charconv_to_utf8(e->cc, sj.data, sj.len, &back, &pos,
			    &pos, &cause), 0);
			assert_string_equal(pairs[j][0], back.data);
			g += gj;
		}
		assert_int_equal(a->gaiji, g);
		gaiji_seen += a->gaiji != 0;
		multiple += a->result == JUKI_RC_MULTIPLE;
		dead += a->alive == JUKI_ALIVE_DEAD;
		moved += a->changes[1] == '1';
	}
	assert_int_equal(f->ngaiji, gaiji_seen);
	/* The population is made to contain these; a change in sim/ that loses them fails. */
	assert_true(gaiji_seen > 0);
	assert_true(multiple > 0);
	assert_true(dead > 0);
	assert_true(moved > 0);
	juki_result_free(f);
	charconv_buf_free(&sj);
	charconv_buf_free(&back);
	world_file_free(&wf);
}

static void
test_world(void **state)
{
	check_world(*state, 600);
}

/* Enough records that the parser splits them between two threads: the same answers. */
static void
test_world_two_threads(void **state)
{
	check_world(*state, 6000);
}

/* The first data record at or after i that answers its request alone. */
static size_t
single_at(const struct juki_result_file *f, size_t i)
{
	while (i < f->nanswers && f->answers[i].nresults != 1)
		i++;
	assert_true(i < f->nanswers);
	return i;
}

/*
 * Faults in a file parsed by two threads: whichever thread finds what, the message is
 * about the first fault in the file, as when it is read in one pass. A field fault (a
 * birth date that is no date) is found by the thread reading its record; a group fault
 * (a request never asked) only by the pass over the groups in file order; the checksum
 * by a third thread.
 */
static void
test_two_threads_first_fault(void **state)
{
	struct env		*e = *state;
	struct world_file	 wf;
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex = expect();
	char			*copy, *cause = NULL, rec[32];
	size_t			 mid, k, field1, field2, group1, group2;
	const struct {
		int	 field1, field2, group1, group2;
		int	 want;		/* 0 field1, 1 field2, 2 group1, 3 group2 */
	} cases[] = {
		{ 0, 1, 0, 0, 1 },	/* second half only */
		{ 1, 1, 0, 0, 0 },	/* both halves: the first */
		{ 0, 1, 1, 0, 2 },	/* a group fault before the second half's */
		{ 0, 1, 0, 1, 3 },	/* a group fault before it in the same half */
		{ 1, 0, 0, 1, 0 },	/* a field fault before a group fault */
		{ 0, 0, 0, 1, 3 },	/* a group fault in the second half only */
	};

	world_file(e, 6000, &wf);
	ex.requests = wf.nums;
	ex.nrequests = 6000;
	if (juki_result_parse(e->cc, wf.res, wf.len, &ex, &f, &cause) != 0)
		fail_msg("%s", cause);
	mid = f->nanswers / 2;
	field1 = single_at(f, 20);
	group1 = single_at(f, 10);
	group2 = single_at(f, mid + 5);
	field2 = single_at(f, group2 + 5);
	assert_true(group1 < field1 && field1 < mid && mid <= group2 && group2 < field2);
	juki_result_free(f);

	copy = malloc(wf.len);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const size_t	 at[] = { field1, field2, group1, group2 };

		memcpy(copy, wf.res, wf.len);
		if (cases[k].field1)
			memcpy(copy + (field1 + 1) * L + 560, "19801301", 8);
		if (cases[k].field2)
			memcpy(copy + (field2 + 1) * L + 560, "19801301", 8);
		if (cases[k].group1)
			memcpy(copy + (group1 + 1) * L + 1, "9999999999", 10);
		if (cases[k].group2)
			memcpy(copy + (group2 + 1) * L + 1, "9999999999", 10);
		reseal(copy, wf.len);
		snprintf(rec, sizeof rec, "record %zu,", at[cases[k].want] + 2);
		rejects(e, copy, wf.len, &ex, cases[k].want < 2 ? "is not a date" :
		    "unknown request number 9999999999", rec);
	}
	/* The checksum, hashed while the records are parsed, comes before their faults. */
	memcpy(copy, wf.res, wf.len);
	memcpy(copy + (field1 + 1) * L + 560, "19801301", 8);
	rejects(e, copy, wf.len, &ex, "checksum mismatch", NULL);
	/* And the header before the checksum. */
	memcpy(copy + 73, "20251301", 8);
	rejects(e, copy, wf.len, &ex, "YYYYMMDDhhmmss", NULL);
	free(copy);
	world_file_free(&wf);
}

static void
test_golden(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex = expect();
	const char		*top = getenv("top_srcdir");
	char			 path[1024], *buf, *want, *cause = NULL;
	size_t			 len, wantlen;
	FILE			*fp;

	/* tests/data/juki/result-golden.dat is this file as the simulator wrote it. */
	build(e, SIM_FAULT_NONE, &buf, &len);
	snprintf(path, sizeof path, "%s/tests/data/juki/result-golden.dat",
	    top != NULL ? top : ".");
	if (getenv("JUKI_GOLDEN_WRITE") != NULL) {
		assert_non_null(fp = fopen(path, "wb"));
		assert_int_equal(fwrite(buf, 1, len, fp), len);
		fclose(fp);
	}
	assert_non_null(fp = fopen(path, "rb"));
	want = malloc(len + 1);
	wantlen = fread(want, 1, len + 1, fp);
	fclose(fp);
	assert_int_equal(wantlen, len);
	assert_memory_equal(want, buf, len);
	if (juki_result_parse(e->cc, want, wantlen, &ex, &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->nanswers, 4);
	assert_string_equal(f->answers[1].address, "京都府京都市上京区〓町①");
	juki_result_free(f);
	free(want);
	free(buf);
}

/* Error answers carry no resident and parse as such. */
static void
test_error_codes(void **state)
{
	static const int	 codes[] = { 92, 91, 99 };
	struct env		*e = *state;
	struct sim_request_file	 rf;
	struct sim_answer	 a[3];
	struct juki_result_file	*f = NULL;
	struct juki_expect	 ex = expect();
	char			*buf, *err = NULL, *cause = NULL;
	size_t			 len, i;

	read_request(e, &rf);
	memset(a, 0, sizeof a);
	for (i = 0; i < 3; i++) {
		a[i].query = i;
		a[i].result = codes[i];
		a[i].nres = a[i].seq = 1;
		memset(a[i].matched, ' ', 8);
		memset(a[i].changes, ' ', 5);
		a[i].name = a[i].kana = a[i].address = a[i].old = a[i].old_kana = "";
	}
	assert_int_equal(sim_result_write(e->sc, &rf, a, 3, NULL, SIM_FAULT_NONE, &buf, &len,
	    &err), 0);
	if (juki_result_parse(e->cc, buf, len, &ex, &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->answers[0].result, JUKI_RC_ERR_JIMU);
	assert_int_equal(f->answers[1].result, JUKI_RC_ERR_KEY);
	assert_int_equal(f->answers[2].result, JUKI_RC_ERR_SYSTEM);
	for (i = 0; i < 3; i++) {
		assert_int_equal(f->answers[i].alive, JUKI_ALIVE_UNKNOWN);
		assert_int_equal(f->answers[i].pattern, JUKI_PAT_NONE);
		assert_string_equal(f->answers[i].name, "");
	}
	assert_string_not_equal(juki_result_name(JUKI_RC_ERR_JIMU),
	    juki_result_name(JUKI_RC_ERR_KEY));
	assert_non_null(strstr(juki_result_name(JUKI_RC_MULTIPLE), "複数該当"));
	assert_non_null(strstr(juki_reason_name(JUKI_REASON_ABROAD), "国外転出"));
	assert_non_null(strstr(juki_alive_name(JUKI_ALIVE_DEAD), "死亡"));
	assert_string_equal(juki_pattern_name(JUKI_PAT_MYNUMBER), "My Number");
	assert_string_equal(juki_result_name((enum juki_result_code)42),
	    "unknown result code");
	juki_result_free(f);
	sim_request_free(&rf);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_world),
		cmocka_unit_test(test_world_two_threads),
		cmocka_unit_test(test_two_threads_first_fault),
		cmocka_unit_test(test_error_codes),
		cmocka_unit_test(test_bad_count),
		cmocka_unit_test(test_bad_checksum),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_wrong_terminal),
		cmocka_unit_test(test_unknown_request),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_lf),
		cmocka_unit_test(test_gaiji_count),
		cmocka_unit_test(test_field_rules),
		cmocka_unit_test(test_expectations),
		cmocka_unit_test(test_every_length),
		cmocka_unit_test(test_framing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
