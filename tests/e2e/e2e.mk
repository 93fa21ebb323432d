# End-to-end tests at the terminal: the real madoguchi in tmux (tests/lib/tmux.sh), keys
# sent and screens read back.
E2E_TESTS = \
	tests/e2e/test-audit-flags.sh \
	tests/e2e/test-start.sh \
	tests/e2e/test-login.sh \
	tests/e2e/test-audit-login.sh \
	tests/e2e/test-audit-log.sh \
	tests/e2e/test-four-eyes.sh \
	tests/e2e/test-session.sh \
	tests/e2e/test-offline-login.sh \
	tests/e2e/test-mynumber-permission.sh \
	tests/e2e/test-desk-approval-applications.sh \
	tests/e2e/test-account-changes.sh \
	tests/e2e/test-rolefn-changes.sh \
	tests/e2e/test-idle-lock.sh \
	tests/e2e/test-desk-approval.sh \
	tests/e2e/test-register.sh \
	tests/e2e/test-register-actions.sh \
	tests/e2e/test-japanese.sh \
	tests/e2e/test-register-flow.sh \
	tests/e2e/test-register-corrections.sh \
	tests/e2e/test-register-duplicates.sh \
	tests/e2e/test-register-items.sh \
	tests/e2e/test-register-merge.sh \
	tests/e2e/test-register-refusals.sh \
	tests/e2e/test-juki.sh \
	tests/e2e/test-reception-fees.sh \
	tests/e2e/test-reissue.sh \
	tests/e2e/test-slip.sh \
	tests/e2e/test-reception.sh \
	tests/e2e/test-print-cups.sh \
	tests/e2e/test-retention-screen.sh \
	tests/e2e/test-export.sh \
	tests/e2e/test-export-grant.sh \
	tests/e2e/test-two-person-print.sh \
	tests/e2e/test-print-helper.sh \
	tests/e2e/test-import.sh \
	tests/e2e/test-compliance-screens.sh \
	tests/e2e/test-too-small.sh \
	tests/e2e/test-screen-escapes.sh \
	tests/e2e/test-help-keys.sh \
	tests/e2e/test-language.sh \
	tests/e2e/test-kiosk-input.sh \
	tests/e2e/test-status-memlock.sh \
	tests/e2e/test-japanese-history.sh \
	tests/e2e/test-account-request-words.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/login-lib.sh
E2E_TESTS += tests/e2e/test-lists-dates.sh tests/e2e/test-lists-footers.sh \
	tests/e2e/test-lists-typing.sh tests/e2e/test-lists-request-dates.sh
# Every screen at 80×24 in both languages, checked for cut text and English (issue 26).
TESTS += tests/e2e/test-screen-sweep.sh
EXTRA_DIST += tests/e2e/test-screen-sweep.sh
# Notifications (届出, issue 25): a death from the periodic check, a marriage at the counter.
E2E_TESTS += tests/e2e/test-register-notify.sh
