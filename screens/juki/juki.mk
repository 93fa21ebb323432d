# Juki-net (SPEC §5): queries and answers, a new lookup, the periodic check, the review
# queue, and the comparison with the register they share.
screens_libui_a_SOURCES += screens/juki/screen-juki.c screens/juki/screen-juki-new.c \
	screens/juki/screen-juki-check.c screens/juki/screen-juki-review.c \
	screens/juki/juki-view.c screens/juki/juki-view.h
# What a 異動 proposes: a death the 消除 of the holder's registrations (issue 25).
screens_libui_a_SOURCES += screens/juki/juki-propose.c screens/juki/juki-propose.h
