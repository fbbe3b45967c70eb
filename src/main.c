/* ifwho: what created this network interface, and what is it for? */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return ifw_cli_main(argc, argv);
}
