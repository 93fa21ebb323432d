-- The name indexes carry what a search's list is sorted by (issue 28). A search for a
-- family name and the start of a given name ("新井 雅", "アライ マサ") matches holders
-- whose rows lie anywhere in the file; sorting them by kana read each one's row, a page
-- not in the cache for nearly every match. With the kana and whether the holder was
-- merged in the index, the matches that have the typed family name and given-name start
-- are sorted from a few neighbouring index pages (register-search.c); only the page's
-- rows are read. The searches by the start of a name these indexes served still do.
DROP INDEX holders_family_name;
CREATE INDEX holders_family_name ON holders (family_name, given_name, family_kana, given_kana,
	merged_into);
DROP INDEX holders_family_kana;
CREATE INDEX holders_family_kana ON holders (family_kana, given_kana, merged_into);
