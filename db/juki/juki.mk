# What the terminal keeps of its Juki-net queries (SPEC §5): jobs, queries, answers, the
# periodic check's progress and the review queue.
db_libdb_a_SOURCES += db/juki/juki-store.c db/juki/juki-store.h \
	db/juki/juki-answers.c db/juki/juki-answers.h
