# libFuzzer targets, built with clang straight from the sources (not part of `make check`):
#	make fuzz-juki && tests/fuzz/fuzz-juki-result -max_total_time=600 tests/fuzz/corpus-juki
#	make fuzz-monitor && tests/fuzz/fuzz-monitor-wire -max_total_time=300 \
#	    tests/fuzz/corpus-monitor
#	make fuzz-central && sh $(srcdir)/tests/fuzz/run-central.sh 600	(a private PostgreSQL)
#	make fuzz-json && tests/fuzz/fuzz-json-read -max_total_time=600 tests/fuzz/corpus-json
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_INCLUDES = -I$(top_builddir) -I$(srcdir)/lib -I$(srcdir)/app
EXTRA_DIST += tests/fuzz/fuzz-juki-result.c tests/fuzz/fuzz-monitor-wire.c \
	tests/data/juki/request-golden.dat tests/data/juki/result-golden.dat

# The Juki result-file parser (lib/juki-result.c).
FUZZ_JUKI_SRCS = $(srcdir)/tests/fuzz/fuzz-juki-result.c $(srcdir)/lib/charconv.c \
	$(srcdir)/lib/juki-format.c $(srcdir)/lib/juki-result.c $(srcdir)/lib/xmalloc.c
.PHONY: fuzz-juki
fuzz-juki: tests/fuzz/fuzz-juki-result
	@mkdir -p tests/fuzz/corpus-juki
	cp -f $(srcdir)/tests/data/juki/*.dat tests/fuzz/corpus-juki/
tests/fuzz/fuzz-juki-result: $(FUZZ_JUKI_SRCS) $(srcdir)/lib/juki.h \
	    $(srcdir)/lib/juki-format.h $(srcdir)/lib/charconv.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PTHREAD_CFLAGS) -std=c11 $(FUZZ_INCLUDES) \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_JUKI_SRCS) $(CRYPTO_LIBS) $(LIBICONV)
CLEANFILES += tests/fuzz/fuzz-juki-result

# The monitor's message decoder (app/auth/monitor-wire.c).
FUZZ_MONITOR_SRCS = $(srcdir)/tests/fuzz/fuzz-monitor-wire.c $(srcdir)/app/auth/monitor-wire.c \
	$(srcdir)/lib/keyfile.c $(srcdir)/lib/hex.c $(srcdir)/lib/xmalloc.c
.PHONY: fuzz-monitor
fuzz-monitor: tests/fuzz/fuzz-monitor-wire
	@mkdir -p tests/fuzz/corpus-monitor && cd tests/fuzz/corpus-monitor && \
	printf '\000\000\000\024\001\000\000\000\006tanaka\000\000\000\005pts/7' > auth && \
	printf '\000\000\000\023\003\000\000\000\004sato\000\000\000\006purpos' > approver && \
	printf '\000\000\000\021\007\000\000\000\000\001\001\000\000\000\006secret' > reply && \
	printf '\000\000\000\001\005\000\000\000\001\002\000\000\000\001\006' > requests && \
	printf '\000\000\000\027\101\000\000\000\001\000\000\000\001\000\000\000\012Password: ' > conv && \
	printf '\000\000\000\035\102\000\000\000\000\000\000\000\000\000\000\000\000\006tanaka\000\000\000\005clerk' > result
tests/fuzz/fuzz-monitor-wire: $(FUZZ_MONITOR_SRCS) $(srcdir)/app/auth/monitor-wire.h \
	    $(srcdir)/app/auth/auth.h $(srcdir)/lib/keyfile.h $(srcdir)/db/audit/audit.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=c11 $(FUZZ_INCLUDES) -I$(srcdir)/db \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_MONITOR_SRCS) $(CRYPTO_LIBS)
CLEANFILES += tests/fuzz/fuzz-monitor-wire

# The payload reader (lib/json-read.c) against SQLite's json_valid and json_each.
FUZZ_JSON_SRCS = $(srcdir)/tests/fuzz/fuzz-json-read.c $(srcdir)/tests/unit/json-compare.c \
	$(srcdir)/lib/json-read.c $(srcdir)/lib/hex.c $(srcdir)/lib/textwidth.c $(srcdir)/lib/xmalloc.c
EXTRA_DIST += tests/fuzz/fuzz-json-read.c
.PHONY: fuzz-json
fuzz-json: tests/fuzz/fuzz-json-read
	@mkdir -p tests/fuzz/corpus-json && cd tests/fuzz/corpus-json && \
	printf '{"id":"01a24401-9226-7000-984f-32ff14036d58","family_name":"\\u7530\\u4e2d","sex":1,"remarks":"a\\nb","erased":0}' > holder && \
	printf '{"values":{"address1":"X","n":[1,2.5,-0,true,null]},"big":9223372036854775808}' > nested
tests/fuzz/fuzz-json-read: $(FUZZ_JSON_SRCS) $(srcdir)/lib/json-read.h \
	    $(srcdir)/tests/unit/json-compare.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=c11 $(FUZZ_INCLUDES) -I$(srcdir)/tests/unit \
	    $(SQLCIPHER_CFLAGS) -o $@ \
	    $(FUZZ_JSON_SRCS) $(SQLCIPHER_LIBS)
CLEANFILES += tests/fuzz/fuzz-json-read

# The pull's apply step (db/sync/sync-store.c with the rules of db/sync/sync-rules.c) on
# a real encrypted database: the whole storage layer, built with clang.
FUZZ_APPLY_SRCS = $(srcdir)/tests/fuzz/fuzz-pull-apply.c \
	$(addprefix $(srcdir)/,$(filter %.c,$(lib_libbase_a_SOURCES) $(db_libdb_a_SOURCES)))
EXTRA_DIST += tests/fuzz/fuzz-pull-apply.c
.PHONY: fuzz-pull-apply
fuzz-pull-apply: tests/fuzz/fuzz-pull-apply
	@mkdir -p tests/fuzz/corpus-pull-apply && cd tests/fuzz/corpus-pull-apply && \
	printf 'holder\n01a24401-9226-7000-984f-32ff14036d58\n2\nupdate\nT-OTHER\n{"address2":"二丁目"}' > update && \
	printf 'holder\n01a24401-9226-7000-984f-32ff14036d59\n1\ninsert\nT-OTHER\n{"id":"01a24401-9226-7000-984f-32ff14036d59","family_name":"田中","family_kana":"タナカ","sex":1,"birth_date":"1980-01-02","address1":"大阪府"}' > insert && \
	printf 'application\n01a24401-9226-7000-984f-32ff14036d5a\n1\ninsert\nT-OTHER\n{"id":"01a24401-9226-7000-984f-32ff14036d5a","kind":"correction","holder_id":"01a24401-9226-7000-984f-32ff14036d58","registration_id":null,"payload":{"_base_version":1,"address2":"X"},"status":"pending","requested_by":"tanaka","requested_at":"2026-12-05T02:21:23.920Z"}' > application
tests/fuzz/fuzz-pull-apply: $(FUZZ_APPLY_SRCS) db/migrations.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PTHREAD_CFLAGS) -std=c11 $(FUZZ_INCLUDES) \
	    -I$(srcdir)/db -I$(top_builddir)/db $(PATH_DEFS) $(SQLCIPHER_CFLAGS) \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_APPLY_SRCS) $(SQLCIPHER_LIBS) $(CRYPTO_LIBS) \
	    $(LIBICONV)
CLEANFILES += tests/fuzz/fuzz-pull-apply
# The central store's reading of a changes batch (db/central/*.sql), through libpq to a
# private PostgreSQL that tests/fuzz/run-central.sh starts and sets up.
CENTRAL_SEEDS = tests/data/central/terminal.body tests/data/central/holder.body \
	tests/data/central/event-before.body tests/data/central/application.body \
	tests/data/central/mynumber.body tests/data/central/conflict-resolve.body
EXTRA_DIST += tests/fuzz/fuzz-central-push.c tests/fuzz/run-central.sh \
	tests/fuzz/central-words.dict $(CENTRAL_SEEDS)
.PHONY: fuzz-central
fuzz-central: tests/fuzz/fuzz-central-push
	@mkdir -p tests/fuzz/corpus-central
	cp -f $(addprefix $(srcdir)/,$(CENTRAL_SEEDS)) tests/fuzz/corpus-central/
	@# A dictionary: every member the rules know, quoted as in JSON, and some words.
	{ awk -F"'" '/^\t\(/ { print "\"\\\"" $$4 "\\\"\"" }' \
	    $(srcdir)/db/central/03-rules.sql | sort -u; \
	  cat $(srcdir)/tests/fuzz/central-words.dict; } > tests/fuzz/central.dict
tests/fuzz/fuzz-central-push: $(srcdir)/tests/fuzz/fuzz-central-push.c
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=c11 $(FUZZ_INCLUDES) $(LIBPQ_CFLAGS) $(CRYPTO_CFLAGS) \
	    -o $@ $(srcdir)/tests/fuzz/fuzz-central-push.c $(LIBPQ_LIBS) $(CRYPTO_LIBS)
CLEANFILES += tests/fuzz/fuzz-central-push

# The My Number card's files (app/card/card-parse.c, issue 29) and the form values a read
# makes (card-values.c, over the storage layer's item rules, built whole as for
# fuzz-pull-apply). The seeds are the three files of a good card (first byte: which file).
FUZZ_CARD_SRCS = $(srcdir)/tests/fuzz/fuzz-card.c $(srcdir)/app/card/card-parse.c \
	$(srcdir)/app/card/card-values.c \
	$(addprefix $(srcdir)/,$(filter %.c,$(lib_libbase_a_SOURCES) $(db_libdb_a_SOURCES)))
EXTRA_DIST += tests/fuzz/fuzz-card.c
.PHONY: fuzz-card
fuzz-card: tests/fuzz/fuzz-card
	@mkdir -p tests/fuzz/corpus-card && cd tests/fuzz/corpus-card && \
	printf '\000\377\020\014123456789018' > mynumber && \
	printf '\001\377\040\053\337\041\010\000\000\000\000\000\000\000\000\337\042\010\345\261\261\347\224\260 A\337\043\003ABC\337\044\01019800401\337\045\0011' > four && \
	{ printf '\002\377\060\202\001\106\337\061\040'; head -c 32 /dev/zero; \
	  printf '\337\062\040'; head -c 32 /dev/zero; printf '\337\063\202\001\000'; \
	  head -c 256 /dev/zero; } > signature
tests/fuzz/fuzz-card: $(FUZZ_CARD_SRCS) $(srcdir)/app/card/card-parse.h db/migrations.h
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PTHREAD_CFLAGS) -std=c11 $(FUZZ_INCLUDES) \
	    -I$(srcdir)/db -I$(top_builddir)/db $(PATH_DEFS) $(SQLCIPHER_CFLAGS) \
	    $(CRYPTO_CFLAGS) -o $@ $(FUZZ_CARD_SRCS) $(SQLCIPHER_LIBS) $(CRYPTO_LIBS) \
	    $(LIBICONV)
CLEANFILES += tests/fuzz/fuzz-card
