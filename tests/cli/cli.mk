# Command-line tests: shell scripts driving the built programs (tests/lib/tap.sh).
CLI_TESTS = \
	tests/cli/test-layers.sh \
	tests/cli/test-linked-libraries.sh \
	tests/cli/test-catalogs.sh \
	tests/cli/test-pull-plans.sh \
	tests/cli/test-retention.sh \
	tests/cli/test-demo-data.sh \
	tests/cli/test-report.sh \
	tests/cli/test-stats.sh \
	tests/cli/test-screen-help.sh \
	tests/cli/test-retention-crash.sh \
	tests/cli/test-export-cms.sh \
	tests/cli/test-bench-smoke.sh \
	tests/cli/test-central-rules.sh \
	tests/cli/test-errors.sh \
	tests/cli/test-audit-tamper.sh \
	tests/cli/test-audit-anchor.sh \
	tests/cli/test-integrity.sh \
	tests/cli/test-encrypted-at-rest.sh \
	tests/cli/test-verify.sh \
	tests/cli/test-verify-slip.sh \
	tests/cli/test-juki-sim-usage.sh \
	tests/cli/test-juki-check-strays.sh \
	tests/cli/test-account-register-csv.sh \
	tests/cli/test-monitor-start.sh \
	tests/cli/test-admin-backup.sh \
	tests/cli/test-admin-rekey.sh \
	tests/cli/test-admin-rekey-cipher.sh \
	tests/cli/test-admin-migrate.sh \
	tests/cli/test-admin-config.sh \
	tests/cli/test-versions.sh \
	tests/cli/test-verify-japanese.sh \
	tests/cli/test-report-japanese.sh \
	tests/cli/test-status-check.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
EXTRA_DIST += scripts/check-layers scripts/check-catalogs
# The screen sweep's checker on fixture screens (issue 26).
TESTS += tests/cli/test-screen-sweep-check.sh
EXTRA_DIST += tests/cli/test-screen-sweep-check.sh tests/data/sweep-catalogue.po \
	tests/data/sweep-cut-en.txt tests/data/sweep-wrap-en.txt tests/data/sweep-cut-ja.txt \
	tests/data/sweep-english-ja.txt
