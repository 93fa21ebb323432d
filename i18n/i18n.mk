# Message catalogs: i18n/<lang>.po compiled into the build tree's locale directory (used by
# the tests through TEXTDOMAINDIR) and installed under $(localedir).
CATALOGS = ja en
EXTRA_DIST += $(CATALOGS:%=i18n/%.po) i18n/POTFILES
MO_FILES = $(CATALOGS:%=i18n/locale/%/LC_MESSAGES/madoguchi.mo)
noinst_DATA = $(MO_FILES)
CLEANFILES += $(MO_FILES)

i18n/locale/%/LC_MESSAGES/madoguchi.mo: $(srcdir)/i18n/%.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && $(MSGFMT) --check -o $@ $<

install-data-local: $(MO_FILES)
	for lang in $(CATALOGS); do \
		$(MKDIR_P) $(DESTDIR)$(localedir)/$$lang/LC_MESSAGES && \
		$(INSTALL_DATA) i18n/locale/$$lang/LC_MESSAGES/madoguchi.mo \
			$(DESTDIR)$(localedir)/$$lang/LC_MESSAGES/madoguchi.mo || exit 1; \
	done

uninstall-local:
	for lang in $(CATALOGS); do \
		rm -f $(DESTDIR)$(localedir)/$$lang/LC_MESSAGES/madoguchi.mo; \
	done

# Refresh the template and merge it into the catalogs after changing messages.
update-po:
	cd $(srcdir) && xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS: \
		--package-name=madoguchi -o i18n/madoguchi.pot $$(cat i18n/POTFILES) && \
	for lang in $(CATALOGS); do msgmerge -q -U i18n/$$lang.po i18n/madoguchi.pot; done
