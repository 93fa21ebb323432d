/*
 * The PAM conversation on screen (SPEC §2): whatever a PAM stack asks — one password,
 * a password and a one-time code, a card PIN — is drawn as dialogs: messages shown,
 * prompts answered, secrets masked. Esc cancels the whole authentication.
 */
#include "config.h"

#include <security/pam_appl.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "auth/monitor-client.h"
#include "screens.h"
#include "widgets/widget.h"
#include "xmalloc.h"

int
screen_conv(void *arg, int n, const struct auth_prompt *prompts, char **replies)
{
	struct ui	*ui = arg;
	char		*shown = xstrdup(""), *grown, answer[512];
	const char	*title = _("Authentication");
	int		 i;

	for (i = 0; i < n; i++) {
		switch (prompts[i].style) {
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			xasprintf(&grown, "%s%s%s", shown, *shown != '\0' ? "\n" : "",
			    prompts[i].text);
			free(shown);
			shown = grown;
			break;
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			xasprintf(&grown, "%s%s%s", shown, *shown != '\0' ? "\n\n" : "",
			    prompts[i].text);
			if (dialog_input(ui, title, grown, prompts[i].style ==
			    PAM_PROMPT_ECHO_OFF, answer, sizeof answer) != 0) {
				free(grown);
				free(shown);
				explicit_bzero(answer, sizeof answer);
				return -1;
			}
			free(grown);
			replies[i] = xstrdup(answer);
			explicit_bzero(answer, sizeof answer);
			free(shown);
			shown = xstrdup("");
			break;
		}
	}
	/* Messages that no prompt followed still need to be seen. */
	if (*shown != '\0')
		dialog_message(ui, title, shown);
	free(shown);
	return 0;
}
