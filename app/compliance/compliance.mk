# The self-inspection report (SPEC §14, issue 23): its rules, what the machine tells, and
# the report as text and JSON.
app_libapp_a_SOURCES += app/compliance/compliance-report.c \
	app/compliance/compliance-report.h app/compliance/compliance-probes.c \
	app/compliance/compliance-format.c
# The PDF, drawn by the print helper (app/cert/print-client.c).
app_libapp_a_SOURCES += app/compliance/compliance-pdf.c
