/* Driver name and bus address through the ethtool ioctl: it works for every interface kind and,
 * unlike sysfs, in every namespace (the ioctl socket was opened inside it). */
#include "collect/linux/linux.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

void ifw_linux_driver_info(struct ifw_model *m, int ioctl_fd, ifw_id iface)
{
	struct ifw_iface *f = &m->ifaces.v[iface];
	struct ethtool_drvinfo di = {.cmd = ETHTOOL_GDRVINFO};
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	if (!f->name || strlen(f->name) >= IFNAMSIZ)
		return;
	strcpy(ifr.ifr_name, f->name);
	ifr.ifr_data = (void *)&di;
	if (ioctl(ioctl_fd, SIOCETHTOOL, &ifr) < 0)
		return;
	di.driver[sizeof(di.driver) - 1] = '\0';
	di.bus_info[sizeof(di.bus_info) - 1] = '\0';
	di.fw_version[sizeof(di.fw_version) - 1] = '\0';
	if (di.driver[0])
		f->driver = ifw_model_strdup(m, di.driver);
	if (di.bus_info[0] && !f->bus_info)
		f->bus_info = ifw_model_strdup(m, di.bus_info);
	if (di.fw_version[0])
		f->fw_version = ifw_model_strdup(m, di.fw_version);
}
