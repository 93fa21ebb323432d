# The My Number card at the desk (issue 29): the PIN dialog and the read, which the forms'
# "Read card" key calls; the conversation itself is app/card/.
screens_libui_a_SOURCES += screens/card/card-dialog.c screens/card/card-dialog.h
