/*
 * bench/juki_parse: reads and parses an N-record Juki result file (default 100,000),
 * written by the simulator for N register holders queried by My Number, and compares with
 * `iconv -f CP932 -t UTF-8` over the same file: the parser does at least that much work,
 * plus the checks. Target (SPEC §13): < 2 s for 100,000 records.
 *
 * This measures read + verify + convert + check; bench/juki_import measures the whole
 * import, storing included.
 *
 *	bench/juki_parse [N] [DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "charconv.h"
#include "juki.h"
#include "juki/juki-spool.h"
#include "sim.h"
#include "xmalloc.h"

int
main(int argc, char **argv)
{
	struct juki_request_header	 h = {
		.file_id = "BENCH", .terminal_id = "T-BENCH-01", .mode = JUKI_MODE_BATCH,
	};
	struct juki_expect		 ex = {
		.terminal_id = "T-BENCH-01", .file_id = "BENCH", .require_all = 1,
	};
	struct juki_result_file		*f = NULL;
	struct juki_query		*q;
	struct sim_world		*w;
	struct sim_holder		 hd;
	struct sim_request_file		 rf;
	struct sim_answer		*ans;
	struct sim_cp932		*sc;
	struct charconv			*cc;
	uint64_t			*nums;
	char				*req, *res, *buf, *cause = NULL, *dir_name, *cmd;
	const char			*dir;
	size_t				 n, i, len, nans, buflen;
	double				 t0, t_gen, t_parse, t_iconv;
	FILE				*fp;

	n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	dir = argc > 2 ? argv[2] : "/tmp";
	if (n == 0)
		bench_die("usage", "bench/juki_parse [N] [DIR]");

	/* The file, as the gateway would send it (not timed against the target). */
	t0 = bench_now();
	sim_layout_init();
	if ((sc = sim_cp932_open()) == NULL || (cc = charconv_open(&cause)) == NULL)
		bench_die("iconv", cause);
	w = sim_world_new(1, n);
	q = xcalloc(n, sizeof *q);
	nums = xcalloc(n, sizeof *nums);
	for (i = 0; i < n; i++) {
		sim_world_holder(w, i, &hd);
		q[i].request_no = nums[i] = i + 1;
		q[i].jimu = 119;
		q[i].mn_jimu = 45;
		q[i].base_date = 20250401;
		q[i].want_erased = 1;
		q[i].want = JUKI_WANT_ALL;
		q[i].mynumber = hd.mynumber;
		q[i].name = hd.name;
		q[i].kana = hd.kana;
		q[i].birth = hd.birth;
		q[i].sex = hd.sex;
		q[i].address = hd.address;
	}
	if (juki_request_write(cc, &h, q, n, &req, &len, NULL, &cause) != 0)
		bench_die("request", cause);
	if (sim_request_read(sc, req, len, &rf, &cause) != 0)
		bench_die("simulator", cause);
	sim_world_answer(w, &rf, &ans, &nans);
	if (sim_result_write(sc, &rf, ans, nans, NULL, SIM_FAULT_NONE, &res, &len,
	    &cause) != 0)
		bench_die("simulator", cause);
	xasprintf(&dir_name, "%s/juki-bench-%ld", dir, (long)getpid());
	if ((fp = fopen(dir_name, "wb")) == NULL || fwrite(res, 1, len, fp) != len ||
	    fclose(fp) != 0)
		bench_die(dir_name, "cannot write");
	t_gen = bench_now() - t0;
	free(req);
	free(res);
	free(ans);
	free(q);
	sim_request_free(&rf);
	sim_world_free(w);

	/* Read and parse: everything the terminal does before it applies a file. */
	t0 = bench_now();
	if (juki_spool_read(dir_name, JUKI_SPOOL_MAX_FILE, &buf, &buflen, &cause) != 0)
		bench_die("read", cause);
	ex.requests = nums;
	ex.nrequests = n;
	if (juki_result_parse(cc, buf, buflen, &ex, &f, &cause) != 0)
		bench_die("parse", cause);
	t_parse = bench_now() - t0;

	/* The anchor: the same bytes through iconv(1). */
	xasprintf(&cmd, "iconv -f CP932 -t UTF-8 '%s' > /dev/null", dir_name);
	t0 = bench_now();
	if (system(cmd) != 0)
		bench_die("iconv(1)", "failed");
	t_iconv = bench_now() - t0;

	printf("juki_parse: %zu records (%zu requests, %zu with 外字), %.1f MB\n",
	    f->nanswers, f->nrequests, f->ngaiji, buflen / 1e6);
	printf("  generate (simulator, not timed)  %8.3f s\n", t_gen);
	printf("  read + parse                     %8.3f s  %10.0f records/s  %6.1f MB/s\n",
	    t_parse, f->nanswers / t_parse, buflen / 1e6 / t_parse);
	printf("  iconv -f CP932 -t UTF-8 (anchor) %8.3f s  %10.0f records/s  %6.1f MB/s\n",
	    t_iconv, f->nanswers / t_iconv, buflen / 1e6 / t_iconv);
	printf("  parse / iconv                    %8.2fx\n", t_parse / t_iconv);
	printf("  target (SPEC §13, 100,000 records) < 2 s: %s\n",
	    n != 100000 ? "n/a" : t_parse < 2.0 ? "met" : "MISSED");

	juki_result_free(f);
	juki_spool_buf_free(buf, buflen + 1);
	unlink(dir_name);
	free(dir_name);
	free(cmd);
	free(nums);
	charconv_close(cc);
	sim_cp932_close(sc);
	return 0;
}
