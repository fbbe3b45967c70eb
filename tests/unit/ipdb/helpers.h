/* Shared by the ipdb unit tests: temp files and tiny databases built from CSV text. */
#ifndef IFW_TEST_IPDB_HELPERS_H
#define IFW_TEST_IPDB_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "ipdb/ipdb.h"

/* A fresh directory under $TMPDIR (removed by th_cleanup). */
const char *th_tmpdir(void);
void th_cleanup(void);
/* th_tmpdir()/name, in a static buffer per call slot (4 slots). */
const char *th_path(const char *name);
void th_write(const char *path, const void *data, size_t len);
/* Reads a whole file (malloc'ed, *len set); fails the test if it cannot. */
uint8_t *th_read(const char *path, size_t *len);
/* Writes csv to a file, converts it with the builder and returns the database path. */
const char *th_build(const char *name, const char *csv, uint32_t date, const char *source);
/* Parses text or fails the test. */
struct ifw_ip th_ip(const char *text);
/* Text of an address (static buffer, 4 slots). */
const char *th_str(const struct ifw_ip *ip);

#endif
