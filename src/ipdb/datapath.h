/* Locating ifwho's data files (data/ in the source tree, <datadir>/ifwho when installed). */
#ifndef IFW_DATAPATH_H
#define IFW_DATAPATH_H

#include <stddef.h>

#include "util/err.h"

/* The directory tried first (the cli's $IFWHO_DATA_DIR; NULL or empty: none). Set once at start:
 * the files are found deep below the command line (owners -> sources -> databases). */
void ifw_data_dir_set(const char *dir);
/* Writes the first readable "<dir>/<rel>" to buf, trying the directory set above, IFW_DATADIR,
 * then IFW_SRC_DATADIR. IFW_E_NOTFOUND (listing the places tried) or IFW_E_LIMIT (too long). */
int ifw_data_find(const char *rel, char *buf, size_t len, struct ifw_err *err);

#endif
