# The retention screen (SPEC §7): rules, dry run, requests and erasure records.
screens_libui_a_SOURCES += screens/retention/screen-retention.c
