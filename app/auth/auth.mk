# The privileged monitor and PAM (SPEC §2, OpenSSH's privilege separation): the monitor,
# its wire codec, the client the screens call, the PAM cycle and the privilege drop.
app_libapp_a_SOURCES += \
	app/auth/auth.h \
	app/auth/auth-pam.c app/auth/auth-pam.h \
	app/auth/monitor.c app/auth/monitor.h \
	app/auth/monitor-client.c app/auth/monitor-client.h \
	app/auth/monitor-wire.c app/auth/monitor-wire.h \
	app/auth/privsep.c app/auth/privsep.h

# madoguchi calls monitor_start, which brings in libpam (after the static libraries).
madoguchi_LDADD += $(PAM_LIBS)
