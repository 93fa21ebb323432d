#!/bin/sh
# bench/keys.sh [HOLDERS [RUNS]]: makes a demo terminal of HOLDERS synthetic holders
# (default 100,000) under /tmp, with one clerk known to pam_wrapper + pam_matrix (as
# scripts/demo does), and runs bench/keys on it: key to screen updated for typing, Enter to
# the results, PgDn and opening a holder, beside a key echoed by cat(1) through the same
# pseudo-terminal. RUNS rounds (default 21). Prints figures, asserts nothing. Run from the
# build directory; a terminal of this size is kept in /tmp/bench-keys-HOLDERS (or
# BENCH_KEYS_DIR) for later runs.
set -eu
N=${1:-100000}
RUNS=${2:-21}
case "$N$RUNS" in ''|*[!0-9]*) echo "usage: bench/keys.sh [HOLDERS [RUNS]]" >&2; exit 2 ;; esac
build=$(pwd)
[ -x "$build/madoguchi" ] && [ -x "$build/bench/keys" ] ||
	{ echo "bench/keys.sh: run it from the build directory" >&2; exit 2; }
dir=${BENCH_KEYS_DIR:-/tmp/bench-keys-$N}
mkdir -p "$dir/pam/services" "$dir/juki/out" "$dir/juki/in" "$dir/juki/quarantine"
chmod 711 "$dir"
cat > "$dir/madoguchi.conf" <<CONF
terminal_id = DEMO-BENCH-KEYS
db_path = $dir/madoguchi.db
key_path = $dir/db.key
allowed_terminals = *
pam_service = madoguchi-bench
juki_outbound = $dir/juki/out
juki_inbound = $dir/juki/in
juki_quarantine = $dir/juki/quarantine
date_style = western
CONF
matrix=$(pkg-config --variable=modules pam_wrapper)/pam_matrix.so
for t in auth account password session; do
	echo "$t required $matrix"
done > "$dir/pam/services/madoguchi-bench"
for t in auth account password session; do
	echo "$t required pam_deny.so"
done > "$dir/pam/services/other"
echo "sato:sato-bench:madoguchi-bench" > "$dir/pam/passdb"
if [ ! -f "$dir/madoguchi.db" ]; then
	"$build/madoguchi-admin" init --config "$dir/madoguchi.conf" --terminal-id DEMO-BENCH-KEYS \
		--first-supervisor sato --full-name "佐藤 一郎" --force > /dev/null
	"$build/madoguchi-admin" demo-data --holders "$N" --config "$dir/madoguchi.conf" > /dev/null
fi
if [ "$(id -u)" -eq 0 ] && getent passwd madoguchi > /dev/null; then
	chown madoguchi:madoguchi "$dir/madoguchi.db"
fi
# A name in kana that lists more than a page (10 rows at 80x24) and not "too many" (over
# 500): the most common such family name of the register; in a register where every
# family name is that common or rarer (1,000,000 holders: each family name has thousands),
# the most common such family name with the first kana of the given name, as a person
# narrows it down ("ワタナベ マ").
# (The cipher settings before the key: madoguchi's, as tests/lib/sqlcipher.sh gives them.)
pick_name() {	# pick_name EXPR: the most common value of EXPR listing 11 to 500 holders
	printf "PRAGMA cipher_default_hmac_algorithm = HMAC_SHA256;
PRAGMA cipher_default_page_size = 4096;
PRAGMA key = \"x'%s'\";\nSELECT %s AS k FROM holders GROUP BY k \
HAVING count(*) BETWEEN 11 AND 500 ORDER BY count(*) DESC LIMIT 1;\n" \
		"$(tr -d '\n' < "$dir/db.key")" "$1" |
		sqlcipher -batch "$dir/madoguchi.db" | sed '/^ok$/d'
}
name=$(pick_name family_kana)
[ -n "$name" ] || name=$(pick_name "family_kana || ' ' || substr(given_kana, 1, 1)")
[ -n "$name" ] || { echo "bench/keys.sh: no holder in $dir/madoguchi.db" >&2; exit 1; }
echo "$N holders in $dir"
exec env LANGUAGE=en LC_ALL=C.UTF-8 TERM=xterm-256color MADOGUCHI_BUILD="$build" \
	TEXTDOMAINDIR="$build/i18n/locale" \
	LD_PRELOAD="$(pkg-config --libs pam_wrapper)" PAM_WRAPPER=1 \
	PAM_WRAPPER_SERVICE_DIR="$dir/pam/services" PAM_MATRIX_PASSWD="$dir/pam/passdb" \
	"$build/bench/keys" --config "$dir/madoguchi.conf" --user sato --password sato-bench \
	--name "$name" --runs "$RUNS"
