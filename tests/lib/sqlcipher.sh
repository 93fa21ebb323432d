# The sqlcipher shell's way into a madoguchi database, for tests and scripts that read or
# change one behind madoguchi's back. SQLCipher needs the cipher settings a file was made
# with as well as its key: madoguchi makes databases (and backups) with its own
# (db/db-internal.h: DB_CIPHER_HMAC, DB_CIPHER_PAGE_SIZE), earlier releases made them
# with SQLCipher 4's defaults. The settings are set as the shell's defaults, so that a
# database ATTACHed with a KEY takes them too.
#
#	sqlcipher_key HEX		# SQL opening a madoguchi database under the raw key HEX
#	sqlcipher_key_legacy HEX	# the same for an earlier release's database

sqlcipher_key() {
	printf "PRAGMA cipher_default_hmac_algorithm = HMAC_SHA256;
PRAGMA cipher_default_page_size = 4096;
PRAGMA key = \"x'%s'\";\n" "$1"
}

sqlcipher_key_legacy() {
	printf "PRAGMA cipher_default_compatibility = 4;\nPRAGMA key = \"x'%s'\";\n" "$1"
}
