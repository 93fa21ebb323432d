# The terminal's screens: the event loop, the screen table, the session and the role
# menu; the widgets and each subsystem's screens add theirs to screens/libui.a.
noinst_LIBRARIES += screens/libui.a
screens_libui_a_SOURCES = \
	screens/ui.c screens/ui.h \
	screens/screens.h \
	screens/session.c screens/session.h \
	screens/screen-menu.c
