# The reception register (受付簿, issue 24): receiving an application and its withdrawal,
# the register's screen.
screens_libui_a_SOURCES += \
	screens/reception/reception-dialog.c screens/reception/reception-dialog.h \
	screens/reception/screen-fee-totals.c screens/reception/screen-stats.c \
	screens/reception/screen-receptions.c
# The receipt slip (受付票) of a reception, from the holder's screen.
screens_libui_a_SOURCES += screens/reception/reception-slip.c screens/reception/reception-slip.h
