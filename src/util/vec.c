#include "util/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ifw_vec_reserve_(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	if (elem && ncap > SIZE_MAX / elem)
		return -1;
	void *n = realloc(*v, ncap * elem);
	if (!n)
		return -1;
	*v = n;
	*cap = ncap;
	return 0;
}

void *ifw_vec_zero_(void *p, size_t size)
{
	return memset(p, 0, size);
}
