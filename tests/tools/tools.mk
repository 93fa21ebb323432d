# Small programs the shell tests drive: an audit entry appended as the desk would, a
# certificate record signed with a test key, a certificate PDF written and sealed as the
# desk prints it, monitor_start in a process of its own, and an approval killed half-way
# (no certificate number is ever used twice); an export masked, built and encrypted as
# the export run does it.
check_PROGRAMS += tests/tools/audit-append tests/tools/cert-sign tests/tools/cert-pdf \
	tests/tools/monitor-login tests/tools/issue-crash tests/tools/export-encrypt
tests_tools_export_encrypt_SOURCES = tests/tools/export-encrypt.c
tests_tools_export_encrypt_LDADD = $(CORE_LIBS)
tests_tools_audit_append_SOURCES = tests/tools/audit-append.c
tests_tools_audit_append_LDADD = $(CORE_LIBS)
tests_tools_cert_sign_SOURCES = tests/tools/cert-sign.c
tests_tools_cert_sign_LDADD = $(CORE_LIBS)
tests_tools_cert_pdf_SOURCES = tests/tools/cert-pdf.c
tests_tools_cert_pdf_LDADD = $(CORE_LIBS)
# A receipt slip's record signed with a test key, and its PDF sealed (issue 24).
check_PROGRAMS += tests/tools/slip-sign
tests_tools_slip_sign_SOURCES = tests/tools/slip-sign.c
tests_tools_slip_sign_LDADD = $(CORE_LIBS)
tests_tools_monitor_login_SOURCES = tests/tools/monitor-login.c
tests_tools_monitor_login_LDADD = $(CORE_LIBS) $(PAM_LIBS)
tests_tools_issue_crash_SOURCES = tests/tools/issue-crash.c
tests_tools_issue_crash_LDADD = $(CORE_LIBS)
# The screen sweep (test-screen-sweep.sh): text cut at the edge, English left on a Japanese
# screen, found in a screen captured from tmux.
check_PROGRAMS += tests/tools/screen-sweep-check
tests_tools_screen_sweep_check_SOURCES = tests/tools/screen-sweep-check.c
tests_tools_screen_sweep_check_LDADD = lib/libbase.a
