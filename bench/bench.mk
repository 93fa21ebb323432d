# Benchmarks print figures; nothing here asserts a timing (DEVELOPERS.md). README
# "Developers" says how to run each.
noinst_PROGRAMS += bench/audit_verify bench/search bench/juki_parse bench/juki_import \
	bench/audit_review \
	bench/audit_flags bench/export bench/start bench/keys
bench_audit_verify_SOURCES = bench/audit_verify.c bench/bench-util.c bench/bench-util.h
bench_audit_verify_LDADD = $(CORE_LIBS)

# bench/audit_flags [ENTRIES-A-DAY [DAYS [RUNS [DIR]]]]: the unusual-use flags of one day
# of 10,000 entries among DAYS such days (issue 20 target: < 200 ms).
bench_audit_flags_SOURCES = bench/audit_flags.c bench/bench-util.c bench/bench-util.h
bench_audit_flags_LDADD = $(CORE_LIBS)

# bench/export [N [DIR]]: N holders (default 100,000) masked, built as CSV and encrypted with
# CMS, against openssl cms -encrypt. Issue 21 targets: < 3 s and < 64 MiB.
bench_export_SOURCES = bench/export.c bench/bench-util.c bench/bench-util.h
bench_export_LDADD = $(CORE_LIBS)

bench_search_SOURCES = bench/search.c bench/bench-util.c bench/bench-util.h
bench_search_LDADD = $(CORE_LIBS)

# bench/audit_review: the audit log screen's filtered pages over 1,000,000 entries,
# encrypted vs plain. Issue 20 targets: p95 < 50 ms, within 1.5x of plain.
bench_audit_review_SOURCES = bench/audit_review.c bench/bench-util.c bench/bench-util.h
bench_audit_review_LDADD = $(CORE_LIBS)

# bench/juki_parse [N]: parse a generated N-record result file (default 100,000) and
# compare with `iconv -f CP932 -t UTF-8` over the same bytes. SPEC §13 target: < 2 s.
bench_juki_parse_SOURCES = bench/juki_parse.c bench/bench-util.c bench/bench-util.h
bench_juki_parse_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
bench_juki_parse_LDADD = sim/libjukisim.a $(CORE_LIBS)

# bench/juki_import [N]: a periodic check of N holders (default 100,000); times the import
# of its result file (read, parse, store, compare, review queue) against iconv(1).
bench_juki_import_SOURCES = bench/juki_import.c bench/bench-util.c bench/bench-util.h
bench_juki_import_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
bench_juki_import_LDADD = sim/libjukisim.a $(CORE_LIBS)

# bench/sync.sh [N [RUNS]]: push N changes (default 100,000) to a private PostgreSQL and pull
# them into a second terminal database; prints changes/s and the COPY anchor (SPEC §13). A
# script: run it from the build directory.
EXTRA_DIST += bench/sync.sh
# bench/sync-office.sh [TERMINALS [HOLDERS]]: terminals of one office syncing at once (issue
# 33); per-terminal times and conflicts.
EXTRA_DIST += bench/sync-office.sh

# bench/sync_conflicts [H [OUTBOX]]: a terminal with H holders (default 2,000) and OUTBOX
# outbox rows (default 1,000,000) pulls three other terminals' copies of its register,
# once without and once with colliding certificate numbers; prints both timings and the
# plan of every statement the pull ran (issue 33). No PostgreSQL: the local side only.
noinst_PROGRAMS += bench/sync_conflicts
bench_sync_conflicts_SOURCES = bench/sync_conflicts.c bench/bench-util.c bench/bench-util.h
bench_sync_conflicts_LDADD = $(CORE_LIBS)

# bench/disclosure-central.sh [N [HOLDERS [QUERIES]]]: madoguchi.disclosure() over N office
# audit entries in a private PostgreSQL (issue 20 target: < 300 ms with 10,000,000). A script.
EXTRA_DIST += bench/disclosure-central.sh

# bench/start [--runs N]: exec to the login screen drawn, through a pseudo-terminal,
# against madoguchi-audit --version the same way (issue 28 target: < 20 ms).
bench_start_SOURCES = bench/start.c bench/bench-util.c bench/bench-util.h \
	bench/bench-pty.c bench/bench-pty.h
bench_start_LDADD = $(CORE_LIBS)

# bench/keys.sh [HOLDERS [RUNS]]: key to screen updated (typing, Enter to results, PgDn,
# opening a holder) through a pseudo-terminal, against cat(1) echoing a key; it makes the
# demo terminal bench/keys drives.
bench_keys_SOURCES = bench/keys.c bench/bench-util.c bench/bench-util.h \
	bench/bench-pty.c bench/bench-pty.h
bench_keys_LDADD = $(CORE_LIBS)
EXTRA_DIST += bench/keys.sh

# bench/central-load.sh [--terminals N] [--offices M] [--changes C] ...: N terminals of M
# offices push and pull at once against a store pre-filled with another office's work
# (issue 30); changes/s, batch percentiles, lock waits, and a convergence check.
EXTRA_DIST += bench/central-load.sh
