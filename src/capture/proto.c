/* Small protocol checks nDPI 4.2 lacks (IKE has no dissector there), and the well-known ports
 * used, clearly marked as a guess, when nDPI cannot tell what a flow is. */
#include "capture/cap_int.h"

#include <string.h>

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool ifw_ike_looks_valid(const uint8_t *d, size_t len)
{
	if (!d || len < 28)
		return false;
	static const uint8_t zero[8];
	if (memcmp(d, zero, 8) == 0)
		return false; /* the initiator's SPI is never zero */
	uint8_t version = d[17], xchg = d[18];
	uint32_t hlen = be32(d + 24);
	if (hlen < 28 || hlen < len)
		return false;
	if (version == 0x20) /* IKEv2: IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL, ... */
		return (xchg >= 34 && xchg <= 37) || xchg == 43 || xchg == 44;
	if (version == 0x10) /* IKEv1: base, identity protection, aggressive, info, quick mode */
		return (xchg >= 1 && xchg <= 5) || xchg == 32 || xchg == 33;
	return false;
}

struct port_guess {
	uint16_t port;
	uint8_t proto; /* 6, 17, or 0 for both */
	const char *name;
};

/* Names as nDPI spells them, so a guess and a detection of the same thing read alike. */
static const struct port_guess guesses[] = {
    {22, 6, "SSH"},      {25, 6, "SMTP"},      {53, 0, "DNS"},    {67, 17, "DHCP"},
    {68, 17, "DHCP"},    {80, 6, "HTTP"},      {123, 17, "NTP"},  {143, 6, "IMAP"},
    {443, 6, "TLS"},     {443, 17, "QUIC"},    {500, 17, "IKE"},  {546, 17, "DHCPV6"},
    {547, 17, "DHCPV6"}, {853, 0, "DoH_DoT"},  {993, 6, "IMAPS"}, {1194, 0, "OpenVPN"},
    {1701, 17, "L2TP"},  {1723, 6, "PPTP"},    {3478, 0, "STUN"}, {4500, 17, "IPsec"},
    {4789, 17, "VXLAN"}, {5060, 0, "SIP"},     {5061, 6, "SIP"},  {5353, 17, "MDNS"},
    {5355, 17, "LLMNR"}, {6081, 17, "Geneve"}, {8080, 6, "HTTP"}, {51820, 17, "WireGuard"},
};

const char *ifw_port_guess(uint8_t ip_proto, uint16_t port)
{
	if (ip_proto != 6 && ip_proto != 17)
		return NULL;
	for (size_t i = 0; i < sizeof(guesses) / sizeof(guesses[0]); i++)
		if (guesses[i].port == port && (!guesses[i].proto || guesses[i].proto == ip_proto))
			return guesses[i].name;
	return NULL;
}
