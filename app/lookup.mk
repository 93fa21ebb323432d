# app/lookup.mk: Juki lookup storage, screens and periodic check (issue 5).
