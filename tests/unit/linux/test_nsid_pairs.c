/* The candidates for a veth's other end when ifindex pairs repeat across namespaces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "collect/linux/nsid_pairs.h"

static ifw_id add(struct ifw_model *m, ifw_id ns, int32_t ifindex, int32_t link)
{
	struct ifw_iface *f = ifw_model_add_iface(m, ns);
	assert_non_null(f);
	f->ifindex = ifindex;
	f->link_ifindex = link;
	f->link_nsid = link ? 0 : -1;
	return (ifw_id)(f - m->ifaces.v);
}

/* Every candidate of iface, in order, into out; returns how many. */
static size_t candidates(const struct ifw_nsid_pairs *p, ifw_id iface, ifw_id *out, size_t cap)
{
	size_t n = 0;
	for (ifw_id o = ifw_nsid_pairs_next(p, iface, IFW_NOID); o != IFW_NOID;
	     o = ifw_nsid_pairs_next(p, iface, o)) {
		assert_true(n < cap);
		out[n++] = o;
	}
	return n;
}

/* A hub whose first veth has ifindex 2 and a container whose eth0 is 2 too: both have the pair
 * (2, 2), once as (ifindex, link) and once as (link, ifindex). Each must find the other; a map
 * keeping one interface per pair found itself for one of them (same namespace, no candidate)
 * and the run asked about every namespace. */
static void test_pair_shared_by_both_ends(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	for (int i = 0; i < 4; i++)
		assert_non_null(ifw_model_add_netns(&m));
	add(&m, 0, 1, 0);             /* hub: lo */
	ifw_id h1 = add(&m, 0, 2, 2); /* hub: veth to a's eth0 */
	ifw_id h2 = add(&m, 0, 3, 2); /* hub: veth to b's eth0 */
	ifw_id a = add(&m, 1, 2, 2);  /* a: eth0, peer h1 */
	ifw_id b = add(&m, 2, 2, 3);  /* b: eth0, peer h2 */
	ifw_id c = add(&m, 3, 2, 2);  /* c: another pair (2, 2), a second hub's */
	struct ifw_nsid_pairs p;
	assert_int_equal(ifw_nsid_pairs_build(&p, &m), 0);
	ifw_id got[8];
	/* h1's other end may be a or c (both have ifindex 2, link 2), never h1 itself */
	assert_int_equal(candidates(&p, h1, got, 8), 2);
	assert_int_equal(got[0], a);
	assert_int_equal(got[1], c);
	/* a's: h1 and c; not a itself */
	assert_int_equal(candidates(&p, a, got, 8), 2);
	assert_int_equal(got[0], h1);
	assert_int_equal(got[1], c);
	/* c's: h1 and a */
	assert_int_equal(candidates(&p, c, got, 8), 2);
	assert_int_equal(got[0], h1);
	assert_int_equal(got[1], a);
	/* unique pairs: exactly the other end */
	assert_int_equal(candidates(&p, b, got, 8), 1);
	assert_int_equal(got[0], h2);
	assert_int_equal(candidates(&p, h2, got, 8), 1);
	assert_int_equal(got[0], b);
	ifw_nsid_pairs_free(&p);
	ifw_model_free(&m);
}

/* An interface without a link, or whose pair no one else has, has no candidate; one in the same
 * namespace is never a candidate (a veth pair inside one namespace has no nsid). */
static void test_no_candidates(void **state)
{
	(void)state;
	struct ifw_model m;
	ifw_model_init(&m);
	for (int i = 0; i < 2; i++)
		assert_non_null(ifw_model_add_netns(&m));
	ifw_id lo = add(&m, 0, 1, 0);
	ifw_id x = add(&m, 0, 5, 6);
	add(&m, 0, 6, 5); /* x's peer, same namespace */
	ifw_id y = add(&m, 1, 7, 40);
	struct ifw_nsid_pairs p;
	assert_int_equal(ifw_nsid_pairs_build(&p, &m), 0);
	ifw_id got[4];
	assert_int_equal(candidates(&p, lo, got, 4), 0);
	assert_int_equal(candidates(&p, x, got, 4), 0);
	assert_int_equal(candidates(&p, y, got, 4), 0);
	ifw_nsid_pairs_free(&p);
	ifw_model_free(&m);
}

/* Hundreds of containers each with eth0 = 2 and a hub whose veths count up from 2: every veth
 * finds its own other end among its candidates, and the hub's have at most two. */
static void test_many_namespaces(void **state)
{
	(void)state;
	enum { N = 500 };
	struct ifw_model m;
	ifw_model_init(&m);
	assert_non_null(ifw_model_add_netns(&m));
	ifw_id hub[N], eth[N];
	for (int i = 0; i < N; i++) {
		assert_non_null(ifw_model_add_netns(&m));
		hub[i] = add(&m, 0, 2 + i, 2);
		eth[i] = add(&m, (ifw_id)(1 + i), 2, 2 + i);
	}
	struct ifw_nsid_pairs p;
	assert_int_equal(ifw_nsid_pairs_build(&p, &m), 0);
	ifw_id got[N];
	for (int i = 0; i < N; i++) {
		size_t n = candidates(&p, eth[i], got, N);
		assert_int_equal(n, 1);
		assert_int_equal(got[0], hub[i]);
		n = candidates(&p, hub[i], got, N);
		assert_true(n >= 1);
		assert_int_equal(got[0], eth[i]);
		/* hub[0] (2, 2) also matches eth[0] only: the other eth0s link elsewhere */
		assert_int_equal(n, 1);
	}
	ifw_nsid_pairs_free(&p);
	ifw_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pair_shared_by_both_ends),
	    cmocka_unit_test(test_no_candidates),
	    cmocka_unit_test(test_many_namespaces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
