# The reception register (受付簿, issue 24): reception numbers from the year's blocks, the
# receptions every application is filed under, their decision and withdrawal.
db_libdb_a_SOURCES += \
	db/reception/reception.h db/reception/reception-internal.h \
	db/reception/reception-numbers.c db/reception/receptions.c \
	db/reception/reception-fees.c
# Business statistics (業務統計): counts per month, kind, channel and qualification.
db_libdb_a_SOURCES += db/reception/reception-stats.c db/reception/reception-stats.h
