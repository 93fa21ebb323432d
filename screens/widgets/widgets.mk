# The widget layer every screen shares: fields, forms, lists, dialogs, the hint bar.
screens_libui_a_SOURCES += screens/widgets/widget.h screens/widgets/widget-field.c \
	screens/widgets/widget-form.c screens/widgets/widget-list.c \
	screens/widgets/widget-dialog.c screens/widgets/widget-hints.c
