/* Growable arrays of any element type, one named type per element type:
 *   IFW_VEC_TYPE(ifw_foo_vec, struct foo);   (once, beside struct foo)
 *   struct ifw_foo_vec v = {0}; struct foo *f = ifw_vec_push(&v);
 * A function takes the named type (struct ifw_foo_vec *), never a void pointer. IFW_VEC(T) is
 * the anonymous form, for a vector that no function is handed. */
#ifndef IFW_VEC_H
#define IFW_VEC_H

#include <stddef.h>

#define IFW_VEC(T)                                                                                 \
	struct {                                                                                   \
		T *v;                                                                              \
		size_t n, cap;                                                                     \
	}

#define IFW_VEC_TYPE(name, T)                                                                      \
	struct name {                                                                              \
		T *v;                                                                              \
		size_t n, cap;                                                                     \
	}

/* Makes room for `need` elements; 0 on success, -1 when out of memory. */
int ifw_vec_reserve_(void **v, size_t *cap, size_t need, size_t elem);

/* Appends one zeroed element and returns its address, or NULL when out of memory. */
#define ifw_vec_push(vec)                                                                          \
	(((vec)->n < (vec)->cap ||                                                                 \
	  ifw_vec_reserve_((void **)&(vec)->v, &(vec)->cap, (vec)->n + 1, sizeof(*(vec)->v)) == 0) \
	     ? ifw_vec_zero_(&(vec)->v[(vec)->n++], sizeof(*(vec)->v))                             \
	     : NULL)

#define ifw_vec_free(vec)                                                                          \
	do {                                                                                       \
		free((vec)->v);                                                                    \
		(vec)->v = NULL;                                                                   \
		(vec)->n = (vec)->cap = 0;                                                         \
	} while (0)

void *ifw_vec_zero_(void *p, size_t size);

#endif
