# cmocka unit tests, one program per module (tests/unit/test-MODULE.c). They speak TAP
# through CMOCKA_MESSAGE_OUTPUT=TAP (tests/tests.mk) and skip when cmocka is missing.
UNIT_TESTS = \
	tests/unit/test-accounts \
	tests/unit/test-audit \
	tests/unit/test-audit-query \
	tests/unit/test-audit-flags \
	tests/unit/test-disclosure \
	tests/unit/test-retention \
	tests/unit/test-export \
	tests/unit/test-export-grants \
	tests/unit/test-import \
	tests/unit/test-compliance \
	tests/unit/test-auth-pam \
	tests/unit/test-backup \
	tests/unit/test-card-parse \
	tests/unit/test-cert-numbers \
	tests/unit/test-cert-print \
	tests/unit/test-cert-record \
	tests/unit/test-slip-record \
	tests/unit/test-charconv \
	tests/unit/test-config \
	tests/unit/test-csv \
	tests/unit/test-db \
	tests/unit/test-db-cipher \
	tests/unit/test-cipher-provider \
	tests/unit/test-escape \
	tests/unit/test-holders \
	tests/unit/test-register-bulk \
	tests/unit/test-register-dups \
	tests/unit/test-register-merge \
	tests/unit/test-reception \
	tests/unit/test-reception-stats \
	tests/unit/test-juki-lookup \
	tests/unit/test-juki-request \
	tests/unit/test-juki-result \
	tests/unit/test-juki-sim \
	tests/unit/test-juki-spool \
	tests/unit/test-keyfile \
	tests/unit/test-monitor-wire \
	tests/unit/test-print-wire \
	tests/unit/test-monitor \
	tests/unit/test-register-items \
	tests/unit/test-register \
	tests/unit/test-register-corrections \
	tests/unit/test-register-actions \
	tests/unit/test-reissue \
	tests/unit/test-sync-batch \
	tests/unit/test-sync-limits \
	tests/unit/test-sync-rules \
	tests/unit/test-json-read \
	tests/unit/test-synth \
	tests/unit/test-status-check \
	tests/unit/test-status-memlock \
	tests/unit/test-timestamp \
	tests/unit/test-textwidth \
	tests/unit/test-ttyseat \
	tests/unit/test-uuid \
	tests/unit/test-valid-codes \
	tests/unit/test-valid-common \
	tests/unit/test-valid-date \
	tests/unit/test-valid-kana \
	tests/unit/test-valid-mynumber \
	tests/unit/test-valid-text
if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif

tests_unit_test_cert_record_SOURCES = tests/unit/test-cert-record.c
tests_unit_test_cert_record_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_record_LDADD = $(TEST_LIBS)
tests_unit_test_slip_record_SOURCES = tests/unit/test-slip-record.c
tests_unit_test_slip_record_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_slip_record_LDADD = $(TEST_LIBS)
tests_unit_test_charconv_SOURCES = tests/unit/test-charconv.c
tests_unit_test_charconv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_charconv_LDADD = $(TEST_LIBS)
tests_unit_test_juki_request_SOURCES = tests/unit/test-juki-request.c
tests_unit_test_juki_request_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_request_LDADD = $(TEST_LIBS)
tests_unit_test_juki_result_SOURCES = tests/unit/test-juki-result.c
tests_unit_test_juki_result_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_result_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_result_LDADD = sim/libjukisim.a $(TEST_LIBS)
tests_unit_test_juki_spool_SOURCES = tests/unit/test-juki-spool.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_juki_spool_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_spool_LDADD = $(TEST_LIBS)
tests_unit_test_juki_sim_SOURCES = tests/unit/test-juki-sim.c
tests_unit_test_juki_sim_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_sim_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_sim_LDADD = sim/libjukisim.a $(TEST_LIBS)
tests_unit_test_juki_lookup_SOURCES = tests/unit/test-juki-lookup.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_juki_lookup_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sim
tests_unit_test_juki_lookup_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_juki_lookup_LDADD = sim/libjukisim.a $(TEST_LIBS)
tests_unit_test_monitor_wire_SOURCES = tests/unit/test-monitor-wire.c
tests_unit_test_monitor_wire_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_monitor_wire_LDADD = $(TEST_LIBS)
tests_unit_test_card_parse_SOURCES = tests/unit/test-card-parse.c
tests_unit_test_card_parse_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_card_parse_LDADD = app/libcard.a $(TEST_LIBS) $(PCSC_LIBS)
tests_unit_test_print_wire_SOURCES = tests/unit/test-print-wire.c
tests_unit_test_print_wire_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_print_wire_LDADD = $(TEST_LIBS)
tests_unit_test_auth_pam_SOURCES = tests/unit/test-auth-pam.c tests/unit/pamtest.c \
	tests/unit/pamtest.h
tests_unit_test_auth_pam_CPPFLAGS = $(PAM_TEST_CPPFLAGS)
tests_unit_test_auth_pam_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_auth_pam_LDADD = $(TEST_LIBS) $(PAM_LIBS)
tests_unit_test_monitor_SOURCES = tests/unit/test-monitor.c tests/unit/pamtest.c \
	tests/unit/pamtest.h tests/unit/testutil.c
tests_unit_test_monitor_CPPFLAGS = $(PAM_TEST_CPPFLAGS)
tests_unit_test_monitor_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_monitor_LDADD = $(TEST_LIBS) $(PAM_LIBS)
tests_unit_test_cert_numbers_SOURCES = tests/unit/test-cert-numbers.c tests/unit/testutil.c
tests_unit_test_cert_numbers_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_numbers_LDADD = $(TEST_LIBS)
tests_unit_test_reissue_SOURCES = tests/unit/test-reissue.c tests/unit/testutil.c
tests_unit_test_reissue_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reissue_LDADD = $(TEST_LIBS)
tests_unit_test_cert_print_SOURCES = tests/unit/test-cert-print.c tests/unit/testutil.c
tests_unit_test_cert_print_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cert_print_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_uuid_SOURCES = tests/unit/test-uuid.c
tests_unit_test_uuid_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_uuid_LDADD = $(TEST_LIBS)
tests_unit_test_csv_SOURCES = tests/unit/test-csv.c
tests_unit_test_csv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_csv_LDADD = $(TEST_LIBS)
tests_unit_test_escape_SOURCES = tests/unit/test-escape.c
tests_unit_test_escape_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_escape_LDADD = $(TEST_LIBS)
tests_unit_test_textwidth_SOURCES = tests/unit/test-textwidth.c \
	tests/unit/textwidth-table.c tests/unit/textwidth-table.h
tests_unit_test_textwidth_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_textwidth_LDADD = $(TEST_LIBS)
tests_unit_test_ttyseat_SOURCES = tests/unit/test-ttyseat.c
tests_unit_test_ttyseat_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ttyseat_LDADD = $(TEST_LIBS)
tests_unit_test_valid_common_SOURCES = tests/unit/test-valid-common.c
tests_unit_test_valid_common_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_common_LDADD = $(TEST_LIBS)
tests_unit_test_valid_text_SOURCES = tests/unit/test-valid-text.c
tests_unit_test_valid_text_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_text_LDADD = $(TEST_LIBS)
tests_unit_test_valid_mynumber_SOURCES = tests/unit/test-valid-mynumber.c
tests_unit_test_valid_mynumber_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_mynumber_LDADD = $(TEST_LIBS)
tests_unit_test_valid_kana_SOURCES = tests/unit/test-valid-kana.c
tests_unit_test_valid_kana_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_kana_LDADD = $(TEST_LIBS)
tests_unit_test_valid_date_SOURCES = tests/unit/test-valid-date.c
tests_unit_test_valid_date_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_date_LDADD = $(TEST_LIBS)
tests_unit_test_valid_codes_SOURCES = tests/unit/test-valid-codes.c
tests_unit_test_valid_codes_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_valid_codes_LDADD = $(TEST_LIBS)
tests_unit_test_synth_SOURCES = tests/unit/test-synth.c
tests_unit_test_synth_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_synth_LDADD = $(TEST_LIBS)
tests_unit_test_register_items_SOURCES = tests/unit/test-register-items.c
tests_unit_test_register_items_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_items_LDADD = $(TEST_LIBS)
tests_unit_test_sync_batch_SOURCES = tests/unit/test-sync-batch.c tests/unit/testutil.c
tests_unit_test_sync_batch_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sync_batch_LDADD = $(SYNC_LIBS) $(CMOCKA_LIBS)
tests_unit_test_sync_limits_SOURCES = tests/unit/test-sync-limits.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_sync_limits_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sync_limits_LDADD = $(SYNC_LIBS) $(CMOCKA_LIBS)
tests_unit_test_backup_SOURCES = tests/unit/test-backup.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_backup_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_backup_LDADD = $(TEST_LIBS)
tests_unit_test_keyfile_SOURCES = tests/unit/test-keyfile.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_keyfile_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_keyfile_LDADD = $(TEST_LIBS)
tests_unit_test_db_SOURCES = tests/unit/test-db.c tests/unit/testutil.c
tests_unit_test_db_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_db_LDADD = $(TEST_LIBS)
tests_unit_test_db_cipher_SOURCES = tests/unit/test-db-cipher.c tests/unit/testutil.c \
	tests/unit/testutil.h
tests_unit_test_db_cipher_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_db_cipher_LDADD = $(TEST_LIBS)
tests_unit_test_cipher_provider_SOURCES = tests/unit/test-cipher-provider.c \
	tests/unit/testutil.c tests/unit/testutil.h
tests_unit_test_cipher_provider_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cipher_provider_LDADD = $(TEST_LIBS)
tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LIBS)
tests_unit_test_audit_SOURCES = tests/unit/test-audit.c tests/unit/testutil.c
tests_unit_test_audit_flags_SOURCES = tests/unit/test-audit-flags.c tests/unit/testutil.c
tests_unit_test_audit_flags_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_audit_flags_LDADD = $(TEST_LIBS)
tests_unit_test_audit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_audit_LDADD = $(TEST_LIBS)
tests_unit_test_status_memlock_SOURCES = tests/unit/test-status-memlock.c
tests_unit_test_status_memlock_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_status_memlock_LDADD = $(TEST_LIBS)
tests_unit_test_status_check_SOURCES = tests/unit/test-status-check.c
tests_unit_test_status_check_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_status_check_LDADD = $(TEST_LIBS)
tests_unit_test_timestamp_SOURCES = tests/unit/test-timestamp.c
tests_unit_test_timestamp_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_timestamp_LDADD = $(TEST_LIBS)
tests_unit_test_disclosure_SOURCES = tests/unit/test-disclosure.c tests/unit/testutil.c
tests_unit_test_disclosure_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_disclosure_LDADD = $(TEST_LIBS)
tests_unit_test_retention_SOURCES = tests/unit/test-retention.c tests/unit/testutil.c
tests_unit_test_retention_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_retention_LDADD = $(TEST_LIBS)
tests_unit_test_export_SOURCES = tests/unit/test-export.c tests/unit/testutil.c
tests_unit_test_export_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_export_LDADD = $(TEST_LIBS)
tests_unit_test_export_grants_SOURCES = tests/unit/test-export-grants.c tests/unit/testutil.c
tests_unit_test_export_grants_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_export_grants_LDADD = $(TEST_LIBS)
tests_unit_test_import_SOURCES = tests/unit/test-import.c tests/unit/testutil.c
tests_unit_test_import_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_import_LDADD = $(TEST_LIBS)
tests_unit_test_compliance_SOURCES = tests/unit/test-compliance.c tests/unit/testutil.c
tests_unit_test_compliance_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_compliance_LDADD = $(TEST_LIBS)
tests_unit_test_audit_query_SOURCES = tests/unit/test-audit-query.c tests/unit/testutil.c
tests_unit_test_audit_query_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_audit_query_LDADD = $(TEST_LIBS)
tests_unit_test_accounts_SOURCES = tests/unit/test-accounts.c tests/unit/testutil.c
tests_unit_test_accounts_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_accounts_LDADD = $(TEST_LIBS)
tests_unit_test_reception_SOURCES = tests/unit/test-reception.c tests/unit/testutil.c
tests_unit_test_reception_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reception_LDADD = $(TEST_LIBS)
tests_unit_test_reception_stats_SOURCES = tests/unit/test-reception-stats.c \
	tests/unit/testutil.c
tests_unit_test_reception_stats_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_reception_stats_LDADD = $(TEST_LIBS)
tests_unit_test_register_dups_SOURCES = tests/unit/test-register-dups.c tests/unit/testutil.c
tests_unit_test_register_dups_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_dups_LDADD = $(TEST_LIBS)
tests_unit_test_register_merge_SOURCES = tests/unit/test-register-merge.c \
	tests/unit/testutil.c
tests_unit_test_register_merge_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_merge_LDADD = $(TEST_LIBS)
tests_unit_test_holders_SOURCES = tests/unit/test-holders.c tests/unit/testutil.c
tests_unit_test_holders_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_holders_LDADD = $(TEST_LIBS)
tests_unit_test_register_bulk_SOURCES = tests/unit/test-register-bulk.c tests/unit/testutil.c
tests_unit_test_register_bulk_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_bulk_LDADD = $(TEST_LIBS)
tests_unit_test_register_SOURCES = tests/unit/test-register.c tests/unit/testutil.c
tests_unit_test_register_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_LDADD = $(TEST_LIBS)
tests_unit_test_register_corrections_SOURCES = tests/unit/test-register-corrections.c \
	tests/unit/testutil.c
tests_unit_test_register_corrections_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_corrections_LDADD = $(TEST_LIBS)
tests_unit_test_register_actions_SOURCES = tests/unit/test-register-actions.c tests/unit/testutil.c
tests_unit_test_register_actions_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_actions_LDADD = $(TEST_LIBS)
EXTRA_tests_unit_test_auth_pam_DEPENDENCIES = $(PAM_TEST_FILES)
EXTRA_tests_unit_test_monitor_DEPENDENCIES = $(PAM_TEST_FILES)
tests_unit_test_sync_rules_SOURCES = tests/unit/test-sync-rules.c tests/unit/testutil.c
tests_unit_test_json_read_SOURCES = tests/unit/test-json-read.c tests/unit/json-compare.c \
	tests/unit/json-compare.h
tests_unit_test_json_read_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_json_read_LDADD = $(TEST_LIBS)
tests_unit_test_sync_rules_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sync_rules_LDADD = $(TEST_LIBS)
# Applying pulled changes: the name index once a batch (issue 30), the outbox by record.
UNIT_TESTS += tests/unit/test-sync-apply
tests_unit_test_sync_apply_SOURCES = tests/unit/test-sync-apply.c tests/unit/testutil.c
tests_unit_test_sync_apply_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sync_apply_LDADD = $(TEST_LIBS)
# Notifications (届出, issue 25): the reasons and what each files.
UNIT_TESTS += tests/unit/test-register-notify
tests_unit_test_register_notify_SOURCES = tests/unit/test-register-notify.c tests/unit/testutil.c
tests_unit_test_register_notify_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_register_notify_LDADD = $(TEST_LIBS)
# Outbox rows without a payload (issue 28, migration 36): the views, the triggers, the push.
UNIT_TESTS += tests/unit/test-outbox-payloads
tests_unit_test_outbox_payloads_SOURCES = tests/unit/test-outbox-payloads.c tests/unit/testutil.c
tests_unit_test_outbox_payloads_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_outbox_payloads_LDADD = $(TEST_LIBS)
