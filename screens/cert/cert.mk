# Certificates (SPEC §6): the reissue application, printing from the holder's screen and
# the queue.
screens_libui_a_SOURCES += screens/cert/screen-reissue.c screens/cert/cert-actions.c
