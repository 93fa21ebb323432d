# The terminal's screens and the widget layer they share.
noinst_LIBRARIES += screens/libui.a
screens_libui_a_SOURCES = \
	screens/ui.c screens/ui.h \
	screens/screens.h \
	screens/widget.h screens/widget-field.c screens/widget-form.c \
	screens/widget-list.c screens/widget-dialog.c \
	screens/session.c screens/session.h \
	screens/screen-start.c \
	screens/screen-conv.c \
	screens/screen-login.c \
	screens/screen-lock.c \
	screens/screen-menu.c \
	screens/screen-accounts.c \
	screens/screen-account-request.c \
	screens/screen-rolefn.c \
	screens/regform.h screens/widget-regform.c \
	screens/screen-reg-new.c \
	screens/screen-reg-correct.c \
	screens/screen-reg-erase.c \
	screens/screen-reg-search.c \
	screens/screen-reg-holder.c \
	screens/screen-reg-approve.c
