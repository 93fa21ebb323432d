#!/bin/sh
# Terminal login roles say nothing about their office or terminal: every terminal can read
# every role's name in pg_roles. A terminal set up without --role gets an opaque name, which
# the setup script reports and records, and which a re-run keeps; a --role that contains the
# office's or the terminal's id is refused, changing nothing. The reported name is all a
# terminal needs: its certificate's CN, its sync_user and its signing key, and it syncs.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/fixture.sh"
. "$top_srcdir/tests/lib/pg.sh"
. "$top_srcdir/tests/sync/sync-lib.sh"
pg_require
pg_start

setup() { "$top_srcdir/db/central/madoguchi-central-setup" --dbname central "$@" 2>&1; }

# squash TEXT: lower case, letters and digits only, so that TOKYO-CHUO is found in
# t_tokyo_chuo_01 and in t_tokyochuo as well.
squash() {
	printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9'
}
# reveals NAME ID...: whether NAME contains one of the IDs, either way of writing them.
reveals() {
	local name=$1 lower squashed id
	shift
	lower=$(printf '%s' "$name" | tr 'A-Z' 'a-z')
	squashed=$(squash "$name")
	for id in "$@"; do
		case "$lower" in *"$(printf '%s' "$id" | tr 'A-Z' 'a-z')"*) return 0 ;; esac
		case "$squashed" in *"$(squash "$id")"*) return 0 ;; esac
	done
	return 1
}

OFFICES="SHINJUKU NAKANO-KU"
out=$(setup --office SHINJUKU --office-name "新宿区役所") || bail "office SHINJUKU: $out"
out=$(setup --office NAKANO-KU --office-name "中野区役所") || bail "office NAKANO-KU: $out"

# Two terminals, no --role: the script says which role it made.
out=$(setup --office SHINJUKU --terminal DEMO-SHINJUKU-01); rc=$?
is "$rc" 0 "terminal without --role: registered"
role1=$(printf '%s\n' "$out" | sed -n 's/.*its client certificate must have CN=\([^ ]*\)$/\1/p')
like "$out" "terminal DEMO-SHINJUKU-01 registered in office SHINJUKU as role $role1" \
	"... the role is reported"
[ -n "$role1" ] || bail "no role reported: $out"
printf '%s' "$role1" | grep -Eq '^t_[0-9a-f]{16}$'
ok $? "... an opaque name: t_ and 16 hex digits ($role1)"
reveals "$role1" SHINJUKU DEMO-SHINJUKU-01
ok $((! $?)) "... naming neither the office nor the terminal"
is "$(pg_sql central "SELECT role_name FROM madoguchi.terminals WHERE terminal_id = 'DEMO-SHINJUKU-01'")" \
	"$role1" "... recorded as the terminal's role"
like "$out" "sync_user = $role1" "... and the sysadmin is told where it goes"

out=$(setup --office NAKANO-KU --terminal NAKANO-KU-02) || bail "NAKANO-KU-02: $out"
role2=$(printf '%s\n' "$out" | sed -n 's/.*its client certificate must have CN=\([^ ]*\)$/\1/p')
reveals "$role2" NAKANO-KU NAKANO-KU-02
ok $((! $?)) "second terminal: its role names neither its office nor itself ($role2)"
[ "$role1" != "$role2" ]
ok $? "... and is not the first one's"

# What a terminal sees: every role's name, and none of them names an office.
pg_client_cert "$role1"
names=$(psql -X -q -tA -v ON_ERROR_STOP=1 "$(pg_conninfo central "$role1")" \
	-c "SELECT rolname FROM pg_roles ORDER BY 1" 2>&1); rc=$?
is "$rc" 0 "the terminal may read pg_roles (PostgreSQL lets everyone)"
like "$names" "$role2" "... and sees the other office's terminal role"
leaks=
for name in $names; do
	# shellcheck disable=SC2086
	reveals "$name" $OFFICES && leaks="$leaks $name"
done
is "$leaks" "" "no role name in pg_roles contains an office's id"
is "$(psql -X -q -tA "$(pg_conninfo central "$role1")" \
	-c "SELECT terminal_id FROM madoguchi.whoami()" 2>&1)" "DEMO-SHINJUKU-01" \
	"the reported role logs in as its terminal"

# A re-run keeps the recorded role, with or without --role naming it.
roles_before=$(pg_sql central "SELECT count(*) FROM pg_roles")
out=$(setup --office SHINJUKU --terminal DEMO-SHINJUKU-01); rc=$?
is "$rc" 0 "re-run without --role: exit 0"
like "$out" "as role $role1" "... the recorded role is kept"
out=$(setup --office SHINJUKU --terminal DEMO-SHINJUKU-01 --role "$role1"); rc=$?
is "$rc" 0 "re-run with --role naming the recorded role: exit 0"
out=$(setup --office SHINJUKU --terminal DEMO-SHINJUKU-01 --role t_another_name); rc=$?
is "$rc" 1 "re-run with another --role: refused"
like "$out" "terminal already has role $role1" "... saying which role it has"
is "$(pg_sql central "SELECT count(*) FROM pg_roles")" "$roles_before" "... no role was made"
is "$(pg_sql central "SELECT role_name FROM madoguchi.terminals WHERE terminal_id = 'DEMO-SHINJUKU-01'")" \
	"$role1" "... and the terminal's role is as it was"

# --role that gives the office or the terminal away: refused before anything is changed.
for bad in t_shinjuku_03 t_shinjuku03 shinjuku t_term_shinjuku_03_x t_nakano_ku; do
	case $bad in
	*nakano*) office=NAKANO-KU ;;
	*) office=SHINJUKU ;;
	esac
	out=$(setup --office "$office" --terminal "$office-03" --role "$bad"); rc=$?
	is "$rc" 2 "--role $bad in office $office: refused as bad input"
	like "$out" "contains the office id $office" "... saying it names the office"
done
like "$out" "every terminal can
read every role's name" "... and why that matters"
out=$(setup --office SHINJUKU --terminal KIOSK-7 --role t_kiosk_7); rc=$?
is "$rc" 2 "--role containing the terminal id: refused"
like "$out" "contains the terminal id KIOSK-7" "... saying it names the terminal"
out=$(setup --office SHINJUKU --terminal Kiosk8 --role t_kiosk8_a); rc=$?
is "$rc" 2 "... whatever the case of the id"
like "$out" "contains the terminal id Kiosk8" "... saying so"
is "$(pg_sql central "SELECT count(*) FROM pg_roles")" "$roles_before" "refused roles: none made"
is "$(pg_sql central "SELECT count(*) FROM madoguchi.terminals")" 2 \
	"refused roles: no terminal registered"
# A --role that names neither is taken as it is.
out=$(setup --office SHINJUKU --terminal SHINJUKU-04 --role t_desk_window_4); rc=$?
is "$rc" 0 "--role naming neither: taken"
like "$out" "as role t_desk_window_4" "... as given"

# The whole way through with the reported name only, as tests/lib/pg.sh follows it:
# certificate CN, signing key and sync_user; the terminal pushes. (DEMO-: sync_terminal
# makes the demo staff, which only a DEMO terminal takes.)
pg_central central SHINJUKU DEMO-SHINJUKU-05 -
role5=$(pg_role DEMO-SHINJUKU-05)
printf '%s' "$role5" | grep -Eq '^t_[0-9a-f]{16}$' || bail "pg_role DEMO-SHINJUKU-05: $role5"
sync_terminal DEMO-SHINJUKU-05 "$role5"
tool DEMO-SHINJUKU-05 add 2 S- > /dev/null || bail "new holders on DEMO-SHINJUKU-05"
out=$(sync_now DEMO-SHINJUKU-05); rc=$?
is "$rc" 0 "a terminal set up with the reported role syncs: exit 0"
is "$(pg_sql central "SELECT count(*) > 0 FROM madoguchi.changes
	WHERE terminal_id = 'DEMO-SHINJUKU-05' AND office_id = 'SHINJUKU' AND status = 'applied'")" \
	"t" "... and its changes reached the central store"

done_testing
