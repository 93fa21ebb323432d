#!/bin/sh
# Generates ./configure. AM_ICONV needs gettext's config.rpath, which autoreconf only
# copies for projects that use autopoint's po/ layout; madoguchi keeps its catalogs in i18n/.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
for f in /usr/share/gettext/config.rpath /usr/share/gettext/build-aux/config.rpath; do
	if [ -f "$f" ]; then cp "$f" build-aux/config.rpath; break; fi
done
autoreconf -fi
