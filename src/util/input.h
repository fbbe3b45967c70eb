/* Opening a file ifwho reads (evidence, knowledge, IP database) without being held up by it.
 * ifwho often runs as root on files another user could have placed: a FIFO never reaches end
 * of file (or blocks at open), a character device or a /proc file such as /proc/kmsg blocks on
 * read, a symbolic link in a directory points anywhere. So: only regular files outside the
 * kernel's pseudo file systems are read; the descriptor is non-blocking (O_NONBLOCK; a /proc
 * file that slipped through would answer EAGAIN instead of blocking) and close-on-exec; a name
 * read from a directory is not followed if it is a symbolic link. */
#ifndef IFW_INPUT_H
#define IFW_INPUT_H

#include "util/err.h"

enum {
	IFW_IN_NOFOLLOW = 1, /* path is a directory entry: refuse a symbolic link */
	IFW_IN_STDIN = 2,    /* "-" means standard input (returned as is, whatever it is) */
};

/* Opens path (relative to dirfd, or AT_FDCWD) for reading: a descriptor, or -1 with err
 * ("PATH: a FIFO, not a regular file; not read"). Non-regular files are refused before they
 * are opened where possible (opening some devices has effects), and checked again with fstat
 * on the descriptor. */
int ifw_input_open(int dirfd, const char *path, unsigned flags, struct ifw_err *err);

#endif
