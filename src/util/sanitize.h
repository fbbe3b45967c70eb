/* Host-controlled strings (process names, cmdlines, interface names, packet bytes) are made safe
 * for a terminal here, before any report prints them. */
#ifndef IFW_SANITIZE_H
#define IFW_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

/* Writes a terminal-safe copy of in[0..len) into out (always NUL-terminated when outlen > 0):
 * C0/C1 controls, DEL and bidi overrides become \xNN or \u{NNNN}, a backslash becomes "\\",
 * invalid UTF-8 becomes U+FFFD. Returns the length the full result needs (like snprintf). */
size_t ifw_sanitize(const char *in, size_t len, char *out, size_t outlen);

/* A copy of in[0..len) that is valid UTF-8 (invalid bytes become U+FFFD), for JSON output;
 * control characters are kept (JSON escapes them). Writes like snprintf; returns needed length. */
size_t ifw_utf8_repair(const char *in, size_t len, char *out, size_t outlen);

/* Decodes one UTF-8 sequence at p (n bytes available) into *cp and returns its length, or 0
 * when p does not start a valid one: a stray continuation byte, a truncated sequence, an overlong
 * form, a surrogate or a code point above U+10FFFF. The one policy for every repair here. */
size_t ifw_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* True if in[0..len) would be printed unchanged. */
int ifw_is_clean(const char *in, size_t len);

#endif
