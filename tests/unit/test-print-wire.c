/*
 * The print helper's requests and answers (app/cert/print-wire.c): each kind round-trips;
 * every malformed body (empty, unknown type, truncated, a string or count longer than the
 * body or the limit, NUL in a string, bytes left over, a relative path, a wait over the
 * limit) is refused with nothing left allocated; frames cut short or too long fail.
 */
#include "config.h"

#include <sys/socket.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cert/cert-pdf.h"
#include "cert/print-wire.h"
#include "xmalloc.h"

/* The body of an encoded frame, as the other side reads it. */
static struct print_buf
body_of(const struct print_buf *frame)
{
	struct print_buf	 b;

	b.len = b.size = frame->len - PRINT_HEADER;
	b.data = xmalloc(b.len);
	memcpy(b.data, frame->data + PRINT_HEADER, b.len);
	return b;
}

/* A body built by hand, for what the encoder would never produce. */
static void
raw_u32(struct print_buf *b, uint32_t v)
{
	unsigned char	 be[4] = { v >> 24, v >> 16, v >> 8, v };

	b->data = xreallocarray(b->data, b->len + 4, 1);
	memcpy(b->data + b->len, be, 4);
	b->len += 4;
}

static void
raw_bytes(struct print_buf *b, const void *p, size_t len)
{
	b->data = xreallocarray(b->data, b->len + len + 1, 1);
	memcpy(b->data + b->len, p, len);
	b->len += len;
}

static void
raw_str(struct print_buf *b, const char *s)
{
	raw_u32(b, (uint32_t)strlen(s));
	raw_bytes(b, s, strlen(s));
}

static void
raw_type(struct print_buf *b, char type)
{
	memset(b, 0, sizeof *b);
	raw_bytes(b, &type, 1);
}

/* Decoding must fail, with nothing left in the request. */
static void
refused(struct print_buf *b, const char *want)
{
	struct print_request	 r;
	char			*cause = NULL;

	assert_int_equal(print_decode_request(b, &r, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" does not contain \"%s\"", cause, want);
	free(cause);
	assert_null(r.title);
	assert_null(r.labels);
	assert_null(r.rows);
	print_buf_free(b);
}

static void
test_certificate(void **state)
{
	const struct cert_pdf_line lines[] = {
		{ "免状番号", "BH-000123" }, { "本籍", NULL }, { "氏名", "山田 太郎" },
		{ NULL, NULL }
	};
	struct cert_pdf		 doc = { "建築物環境衛生管理技術者免状", lines, NULL, "MDG1.x.y",
				     "note" };
	struct print_buf	 frame, body;
	struct print_request	 r;
	char			*cause = NULL;

	(void)state;
	print_encode_certificate(&frame, &doc);
	body = body_of(&frame);
	assert_int_equal(print_decode_request(&body, &r, &cause), 0);
	assert_int_equal(r.type, PRINT_REQ_CERTIFICATE);
	assert_string_equal(r.title, doc.title);
	assert_null(r.issuer);		/* absent stays absent */
	assert_string_equal(r.record, "MDG1.x.y");
	assert_string_equal(r.note, "note");
	assert_int_equal(r.n, 3);
	assert_string_equal(r.labels[0], "免状番号");
	assert_string_equal(r.values[0], "BH-000123");
	assert_string_equal(r.values[1], "");	/* the renderer skips it, as before */
	assert_string_equal(r.values[2], "山田 太郎");
	print_request_free(&r);
	print_buf_free(&body);

	/* Every cut of the body is refused: no field may run past its end. */
	for (body.len = frame.len - PRINT_HEADER - 1; body.len > 0; body.len--) {
		body.data = frame.data + PRINT_HEADER;
		assert_int_equal(print_decode_request(&body, &r, &cause), -1);
		free(cause);
		cause = NULL;
	}
	print_buf_free(&frame);
}

/* A receipt slip (issue 24): the certificate's fields under its own type. */
static void
test_slip(void **state)
{
	const struct cert_pdf_line lines[] = {
		{ "受付番号", "R2026-0001234" }, { "種別", "再交付" }, { NULL, NULL }
	};
	struct cert_pdf		 doc = { "受付票", lines, "受付　OFFICE-13", "MDS1.x.y", NULL };
	struct print_buf	 frame, body;
	struct print_request	 r;
	char			*cause = NULL;

	(void)state;
	print_encode_slip(&frame, &doc);
	body = body_of(&frame);
	assert_int_equal(print_decode_request(&body, &r, &cause), 0);
	assert_int_equal(r.type, PRINT_REQ_SLIP);
	assert_string_equal(r.title, "受付票");
	assert_string_equal(r.issuer, "受付　OFFICE-13");
	assert_string_equal(r.record, "MDS1.x.y");
	assert_null(r.note);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.values[0], "R2026-0001234");
	print_request_free(&r);
	print_buf_free(&body);
	for (body.len = frame.len - PRINT_HEADER - 1; body.len > 0; body.len--) {
		body.data = frame.data + PRINT_HEADER;
		assert_int_equal(print_decode_request(&body, &r, &cause), -1);
		free(cause);
		cause = NULL;
	}
	print_buf_free(&frame);
}

static void
test_report_and_print(void **state)
{
	char			*head[] = { "期間 2026-04-01 から 2026-04-30" };
	char			*rows[] = { "行 1", "行 2\n続き" };
	struct print_buf	 frame, body;
	struct print_request	 r;
	char			*cause = NULL;

	(void)state;
	print_encode_report(&frame, "開示", head, 1, rows, 2);
	body = body_of(&frame);
	assert_int_equal(print_decode_request(&body, &r, &cause), 0);
	assert_int_equal(r.type, PRINT_REQ_REPORT);
	assert_int_equal(r.nhead, 1);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[1], "行 2\n続き");
	print_request_free(&r);
	print_buf_free(&body);
	print_buf_free(&frame);

	print_encode_print(&frame, "office-a4", "BH-000123", "/var/spool/x.pdf", 120);
	body = body_of(&frame);
	assert_int_equal(print_decode_request(&body, &r, &cause), 0);
	assert_int_equal(r.type, PRINT_REQ_PRINT);
	assert_string_equal(r.printer, "office-a4");
	assert_string_equal(r.path, "/var/spool/x.pdf");
	assert_int_equal(r.wait_seconds, 120);
	print_request_free(&r);
	print_buf_free(&body);
	print_buf_free(&frame);

	/* A relative path, no printer, a wait over the limit. */
	print_encode_print(&frame, "office-a4", "t", "x.pdf", 1);
	body = body_of(&frame);
	print_buf_free(&frame);
	refused(&body, "malformed");
	print_encode_print(&frame, "", "t", "/x.pdf", 1);
	body = body_of(&frame);
	print_buf_free(&frame);
	refused(&body, "malformed");
	print_encode_print(&frame, "p", "t", "/x.pdf", PRINT_WAIT_MAX + 1);
	body = body_of(&frame);
	print_buf_free(&frame);
	refused(&body, "malformed");
}

static void
test_malformed(void **state)
{
	struct print_buf	 b;
	char			 nul[] = { 'a', '\0', 'b' };

	(void)state;
	memset(&b, 0, sizeof b);
	refused(&b, "malformed");
	raw_type(&b, 'Z');
	refused(&b, "unknown type");
	raw_type(&b, PRINT_ANS_DONE);		/* an answer is no request */
	refused(&b, "unknown type");

	/* A string longer than the body, one longer than the limit, one with a NUL. */
	raw_type(&b, PRINT_REQ_REPORT);
	raw_u32(&b, 10);
	raw_bytes(&b, "abc", 3);
	refused(&b, "malformed");
	raw_type(&b, PRINT_REQ_REPORT);
	raw_u32(&b, PRINT_STRING_MAX + 1);
	refused(&b, "malformed");
	raw_type(&b, PRINT_REQ_REPORT);
	raw_u32(&b, sizeof nul);
	raw_bytes(&b, nul, sizeof nul);
	raw_u32(&b, 0);
	raw_u32(&b, 0);
	refused(&b, "malformed");

	/* Counts the body cannot hold, and one over the limit. */
	raw_type(&b, PRINT_REQ_REPORT);
	raw_str(&b, "t");
	raw_u32(&b, 1000);
	raw_str(&b, "only one");
	refused(&b, "malformed");
	raw_type(&b, PRINT_REQ_REPORT);
	raw_str(&b, "t");
	raw_u32(&b, PRINT_COUNT_MAX + 1);
	refused(&b, "malformed");
	raw_type(&b, PRINT_REQ_CERTIFICATE);
	raw_str(&b, "t");
	raw_str(&b, "");
	raw_str(&b, "r");
	raw_str(&b, "");
	raw_u32(&b, 0x7fffffff);
	refused(&b, "malformed");

	/* A good report with a byte left over. */
	raw_type(&b, PRINT_REQ_REPORT);
	raw_str(&b, "t");
	raw_u32(&b, 0);
	raw_u32(&b, 0);
	raw_bytes(&b, "!", 1);
	refused(&b, "malformed");
}

static void
test_answers(void **state)
{
	struct print_buf	 frame, body;
	enum print_type		 type;
	char			*cause = NULL;
	int			 job;

	(void)state;
	print_encode_answer(&frame, PRINT_ANS_JOB, 42, NULL);
	body = body_of(&frame);
	assert_int_equal(print_decode_answer(&body, &type, &job, &cause), 0);
	assert_int_equal(type, PRINT_ANS_JOB);
	assert_int_equal(job, 42);
	print_buf_free(&body);
	print_buf_free(&frame);

	print_encode_answer(&frame, PRINT_ANS_ERROR, 7, "printer p aborted the job");
	body = body_of(&frame);
	assert_int_equal(print_decode_answer(&body, &type, &job, &cause), 0);
	assert_int_equal(type, PRINT_ANS_ERROR);
	assert_int_equal(job, 7);
	assert_string_equal(cause, "printer p aborted the job");
	free(cause);
	cause = NULL;
	print_buf_free(&body);
	print_buf_free(&frame);

	/* Job 0 is no job; a done with bytes after it; an unknown answer. */
	print_encode_answer(&frame, PRINT_ANS_JOB, 0, NULL);
	body = body_of(&frame);
	assert_int_equal(print_decode_answer(&body, &type, &job, &cause), -1);
	assert_non_null(strstr(cause, "malformed"));
	free(cause);
	cause = NULL;
	print_buf_free(&body);
	print_buf_free(&frame);
	raw_type(&body, PRINT_ANS_DONE);
	raw_bytes(&body, "x", 1);
	assert_int_equal(print_decode_answer(&body, &type, &job, &cause), -1);
	free(cause);
	cause = NULL;
	print_buf_free(&body);
	raw_type(&body, PRINT_REQ_PRINT);
	assert_int_equal(print_decode_answer(&body, &type, &job, &cause), -1);
	free(cause);
	print_buf_free(&body);
}

/* Frames over a socketpair: whole, empty, too long, cut short by the peer's end. */
static void
test_frames(void **state)
{
	struct print_buf	 frame, got;
	unsigned char		 zero[4] = { 0, 0, 0, 0 }, huge[4] = { 0x7f, 0xff, 0xff, 0xff };
	unsigned char		 part[6] = { 0, 0, 0, 20, 'R', 0 };
	char			*cause = NULL;
	int			 sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	print_encode_answer(&frame, PRINT_ANS_DONE, 0, NULL);
	assert_int_equal(print_write_frame(sv[0], &frame, &cause), 0);
	assert_int_equal(print_read_frame(sv[1], &got, &cause), 0);
	assert_int_equal(got.len, 1);
	assert_int_equal(got.data[0], PRINT_ANS_DONE);
	print_buf_free(&got);
	print_buf_free(&frame);

	assert_int_equal(write(sv[0], zero, sizeof zero), 4);
	assert_int_equal(print_read_frame(sv[1], &got, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(write(sv[0], huge, sizeof huge), 4);
	assert_int_equal(print_read_frame(sv[1], &got, &cause), -1);
	assert_non_null(strstr(cause, "at most"));
	free(cause);
	cause = NULL;
	assert_int_equal(write(sv[0], part, sizeof part), 6);
	close(sv[0]);
	assert_int_equal(print_read_frame(sv[1], &got, &cause), -1);
	assert_non_null(strstr(cause, "ended early"));
	free(cause);
	assert_null(got.data);
	close(sv[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_slip),
		cmocka_unit_test(test_report_and_print),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
