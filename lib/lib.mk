# The bottom layer: memory, messages, keys, configuration, UUIDs, text width, the one iconv
# module, the input validators and synthetic persons, and the Juki-net record codec.
noinst_LIBRARIES += lib/libbase.a
lib_libbase_a_CPPFLAGS = $(LIB_INCLUDES) $(PATH_DEFS)
lib_libbase_a_SOURCES = \
	lib/xmalloc.c lib/xmalloc.h \
	lib/i18n.c lib/i18n.h \
	lib/keyfile.c lib/keyfile.h \
	lib/uuid.c lib/uuid.h \
	lib/config-file.c lib/config-file.h \
	lib/clock.c lib/clock.h lib/office-hours.c lib/office-hours.h \
	lib/textwidth.c lib/textwidth.h lib/ttyseat.c lib/ttyseat.h \
	lib/procfs.c lib/procfs.h lib/helper-path.c lib/helper-path.h \
	lib/escape.c lib/escape.h \
	lib/hex.c lib/hex.h lib/words.c lib/words.h \
	lib/timestamp.c lib/timestamp.h \
	lib/csv.c lib/csv.h lib/csv-read.c lib/csv-read.h lib/json-string.c lib/json-string.h \
	lib/json-read.c lib/json-read.h \
	lib/charconv.c lib/charconv.h \
	lib/valid.h lib/valid-common.c lib/valid-text.c \
	lib/valid-mynumber.c lib/valid-kana.c lib/valid-date.c lib/valid-codes.c \
	lib/kana-fold.c lib/kana-fold.h \
	lib/synth.c lib/synth.h \
	lib/juki.h lib/juki-format.c lib/juki-format.h \
	lib/juki-request.c lib/juki-result.c
