#!/bin/sh
# The whole database file is checked, not only the pages that opening it reads: a file cut
# short or with one byte changed in its last page is reported as damaged by
# madoguchi-admin status, madoguchi-admin verify-audit and madoguchi-audit verify (exit 4,
# the faulty page named, what to do), and left exactly as it was (SHA-256 before and
# after). status --quick skips the check and says so; a clean database passes.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"

AUDIT_APPEND="$top_builddir/tests/tools/audit-append"
CONF="$WORK/madoguchi.conf"

# flip_byte FILE OFFSET: inverts every bit of one byte, so that it surely changes.
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null || bail "cannot write $1"
}

new_db
# Enough entries that the last pages are the log's, which opening does not read (the
# schema, which it reads, fills the pages the migrations made first).
"$AUDIT_APPEND" "$DB" "$KEY" 300 || bail "audit-append failed"
# WAL mode: the last connection to close moves the log into the file and removes it. With
# a log left, the damage below could hit a page that is read from the log instead.
[ ! -s "$DB-wal" ] || bail "the WAL was not checkpointed into $DB"
size=$(stat -c %s "$DB")
pages=$((size / 4096))
[ $((size % 4096)) -eq 0 ] && [ "$pages" -gt 2 ] || bail "unexpected database size $size"

# The clean database passes everything.
out=$(madoguchi-admin status --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "clean: status exits 0"
like "$out" "integrity:       ok" "clean: status says the check passed"
out=$(madoguchi-admin verify-audit --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "clean: verify-audit exits 0"
is "$out" "audit chain intact: 301 entries" "clean: verify-audit counts the entries"
out=$(madoguchi-audit verify --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "clean: madoguchi-audit verify exits 0"
is "$out" "audit chain intact: 301 entries" "clean: madoguchi-audit verify counts the entries"

# Cut by 100 bytes: the last page is incomplete.
head -c $((size - 100)) "$DB" > "$WORK/cut.db"
# One byte changed in the middle of the last page.
cp "$DB" "$WORK/flipped.db"
flip_byte "$WORK/flipped.db" $((size - 2048))

for name in cut flipped; do
	f=$WORK/$name.db
	sum=$(checksum "$f")
	for cmd in "madoguchi-admin status" "madoguchi-admin verify-audit" \
	    "madoguchi-audit verify"; do
		out=$($cmd --config "$CONF" --db "$f" 2>&1); rc=$?
		is "$rc" 4 "$name: $cmd exits 4"
		like "$out" "database $f is damaged" "$name: $cmd says the database is damaged"
		like "$out" "page $pages" "$name: $cmd names the page"
		like "$out" "restore it from a backup" "$name: $cmd says what to do"
		like "$out" "madoguchi-admin restore-test BACKUP --output" "$name: ... and how"
		unlike "$out" "audit chain intact" "$name: $cmd does not call it intact"
		unlike "$out" "hmac check failed" "$name: $cmd: no SQLCipher log on stderr"
		is "$(checksum "$f")" "$sum" "$name: $cmd leaves the file unchanged"
	done
done
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/cut.db" 2>&1)
like "$out" "page $pages has an invalid size of 3996 bytes" "cut: SQLCipher's finding shown"
out=$(madoguchi-admin status --config "$CONF" --db "$WORK/flipped.db" 2>&1)
like "$out" "HMAC verification failed for page $pages" "flipped: SQLCipher's finding shown"
like "$out" "terminal:        T-TEST-01" "flipped: status still shows what it could read"
like "$out" "integrity:       DAMAGED" "flipped: status's integrity line"

# --quick: a fast look that does not read every page, and says so.
sum=$(checksum "$WORK/flipped.db")
out=$(madoguchi-admin status --quick --config "$CONF" --db "$WORK/flipped.db" 2>&1); rc=$?
is "$rc" 0 "status --quick exits 0 on the flipped database"
like "$out" "integrity:       not checked (--quick)" "status --quick says the check was skipped"
like "$out" "audit entries:   301" "status --quick shows the rest"
is "$(checksum "$WORK/flipped.db")" "$sum" "status --quick leaves the file unchanged"
out=$(madoguchi-admin status --quick --config "$CONF" 2>&1); rc=$?
is "$rc" 0 "status --quick on the clean database exits 0"
out=$(madoguchi-admin status --quick extra --config "$CONF" 2>&1); rc=$?
is "$rc" 2 "status with an extra argument exits 2"
like "$out" "usage: madoguchi-admin status" "... with the usage"

done_testing
