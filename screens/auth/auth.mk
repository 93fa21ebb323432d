# Login, the PAM conversation and the idle lock, all through the monitor (app/auth/).
screens_libui_a_SOURCES += screens/auth/screen-login.c screens/auth/screen-conv.c \
	screens/auth/screen-lock.c screens/auth/two-person.c screens/auth/two-person.h
