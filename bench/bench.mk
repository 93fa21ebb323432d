# Benchmarks print figures; nothing here asserts a timing (DEVELOPERS.md).
noinst_PROGRAMS += bench/audit_verify
bench_audit_verify_SOURCES = bench/audit_verify.c
bench_audit_verify_LDADD = $(CORE_LIBS)

noinst_PROGRAMS += bench/search
bench_search_SOURCES = bench/search.c
bench_search_LDADD = $(CORE_LIBS)
