/* macOS's NetworkInterfaces.plist as `defaults read` prints it (a dictionary the JSON reader
 * starts on), as XML, and as `plutil -p`: each dictionary's BSD name is an interface the system
 * has, its UserDefinedName the port's name (networksetup's "Hardware Port"), its IOMACAddress
 * the MAC; a name in a nested dictionary after the interface's closed is no one's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static void defaults_read(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("The output of `defaults read "
	             "/Library/Preferences/SystemConfiguration/NetworkInterfaces.plist`:\n"
	             "```\n"
	             "{\n"
	             "            Active = 1;\n"
	             "            \"BSD Name\" = en12;\n"
	             "            IOBuiltin = 0;\n"
	             "            IOMACAddress = {length = 6, bytes = 0xacde48001122};\n"
	             "            SCNetworkInterfaceInfo =             {\n"
	             "                UserDefinedName = iBridge;\n"
	             "                kUSBProductString = \"Apple T2 Controller\";\n"
	             "            };\n"
	             "            SCNetworkInterfaceType = Ethernet;\n"
	             "        },\n"
	             "```\n",
	             "post.md");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "en12")];
	assert_non_null(f->hw_port);
	assert_string_equal(f->hw_port, "iBridge");
	assert_int_equal(f->mac_len, 6);
	assert_int_equal(f->mac[0], 0xac);
	assert_int_equal(f->mac[5], 0x22);
	assert_string_equal(w->m.os, "darwin");
	assert_string_equal(evw_ia(w, "en12")->category, "apple-system");
	evw_free(w);
}

static void xml_and_plutil(void **state)
{
	(void)state;
	struct evw *w = evw_text("<dict>\n"
	                         "\t<key>BSD Name</key>\n"
	                         "\t<string>en0</string>\n"
	                         "\t<key>SCNetworkInterfaceInfo</key>\n"
	                         "\t<dict>\n"
	                         "\t\t<key>UserDefinedName</key>\n"
	                         "\t\t<string>Wi-Fi</string>\n"
	                         "\t</dict>\n"
	                         "</dict>\n"
	                         "<dict>\n"
	                         "\t<key>SCNetworkInterfaceInfo</key>\n"
	                         "\t<dict>\n"
	                         "\t\t<key>UserDefinedName</key>\n"
	                         "\t\t<string>iPhone USB</string>\n"
	                         "\t</dict>\n"
	                         "</dict>\n",
	                         "NetworkInterfaces.plist");
	evw_analyze(w);
	const struct ifw_iface *f = &w->m.ifaces.v[evw_iface(w, "en0")];
	assert_non_null(f->hw_port);
	assert_string_equal(f->hw_port, "Wi-Fi"); /* not the next dictionary's port */
	evw_free(w);

	w = evw_text("    \"BSD Name\" => \"en7\"\n"
	             "    \"SCNetworkInterfaceInfo\" => {\n"
	             "      \"UserDefinedName\" => \"iPhone USB\"\n"
	             "    }\n",
	             "plutil.txt");
	evw_analyze(w);
	assert_string_equal(w->m.ifaces.v[evw_iface(w, "en7")].hw_port, "iPhone USB");
	assert_string_equal(evw_ia(w, "en7")->category, "cellular");
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_read),
	    cmocka_unit_test(xml_and_plutil),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
