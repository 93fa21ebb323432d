# The terminal's screens and the widget layer they share.
noinst_LIBRARIES += screens/libui.a
screens_libui_a_SOURCES = \
	screens/ui.c screens/ui.h \
	screens/textcols.c screens/textcols.h \
	screens/screens.h \
	screens/screen-start.c
