/* Host strings (interface names, profile names from pasted output) placed in a command the
 * report suggests running: quoted so that the copied command passes them as one word. */
#ifndef IFW_SHELL_WORD_H
#define IFW_SHELL_WORD_H

#include <stddef.h>

/* Writes s into out as one POSIX shell word: unchanged when it is non-empty and holds only
 * characters no shell treats specially ([A-Za-z0-9] and ._-+=@%,:/), else in single quotes with
 * each ' written as '\''. Returns out, or NULL when it does not fit in cap bytes. */
const char *ifw_shell_word(const char *s, char *out, size_t cap);

#endif
