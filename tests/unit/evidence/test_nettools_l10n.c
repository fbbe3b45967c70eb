/* net-tools' old ifconfig, route -n, netstat -i and netstat -an as people paste them: in their
 * language (collect/evidence/nettools_words.c). The lines are the real Spanish paste and lines
 * written from net-tools' own catalogs (Debian 12's net-tools 2.10 and net-tools 1.60's po
 * files), word for word, with documentation addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "model/linux_values.h"

static const struct ifw_iface *iface(const struct evw *w, const char *name)
{
	return &w->m.ifaces.v[evw_iface(w, name)];
}

static void assert_mac(const struct ifw_iface *f, const uint8_t want[6])
{
	assert_int_equal(f->mac_len, 6);
	assert_memory_equal(f->mac, want, 6);
}

/* The peer of the address addr of iface name, as text ("" if none). */
static void assert_peer(const struct evw *w, const char *name, const char *addr, const char *peer)
{
	ifw_id id = evw_iface(w, name);
	struct ifw_ip ip, want;
	assert_int_equal(ifw_ip_parse(addr, &ip), 0);
	assert_int_equal(ifw_ip_parse(peer, &want), 0);
	for (size_t i = 0; i < w->m.addrs.n; i++) {
		const struct ifw_addr *a = &w->m.addrs.v[i];
		if (a->iface == id && ifw_ip_eq(&a->ip, &ip)) {
			assert_true(ifw_ip_eq(&a->peer, &want));
			return;
		}
	}
	fail_msg("%s has no address %s", name, addr);
}

#define ETHER_UP (IFW_IFF_UP | IFW_IFF_BROADCAST | IFW_IFF_RUNNING | IFW_IFF_MULTICAST)

/* Ubuntu 14.04 in Spanish (a real paste): everything the English lines give. */
static void spanish_paste(void **state)
{
	(void)state;
	struct evw *w = evw_load("real/linux-063-grase-spanish-ifconfig.txt");
	const struct ifw_iface *e0 = iface(w, "eth0"), *e1 = iface(w, "eth1");
	assert_mac(e0, (const uint8_t[]){0xaa, 0xaa, 0xaa, 0x00, 0x7c, 0xcb});
	assert_int_equal(e0->arptype, 1);
	assert_true(evw_has_addr(w, "eth0", "192.168.1.100", 24));
	assert_true(evw_has_addr(w, "eth0", "fe80::a8aa:aaff:fe00:7ccb", 64));
	assert_int_equal(e0->flags, ETHER_UP);
	assert_int_equal(e0->mtu, 1500);
	assert_int_equal(e0->txqlen, 1000);
	assert_int_equal(e0->stats.rx_packets, 2259989);
	assert_int_equal(e0->stats.tx_packets, 843400);
	assert_int_equal(e0->stats.rx_bytes, 1715549294);
	assert_int_equal(e0->stats.tx_bytes, 144802273);
	assert_mac(e1, (const uint8_t[]){0x00, 0x19, 0xb9, 0xf3, 0x8c, 0x25});
	assert_int_equal(e1->flags, (ETHER_UP & ~IFW_IFF_MULTICAST) | IFW_IFF_PROMISC);
	assert_true(evw_has_addr(w, "eth1", "fe80::219:b9ff:fef3:8c25", 64));
	evw_free(w);
}

/* German, net-tools 2.10's catalog (de.po): the keys, the point-to-point flag and the link type
 * are translated; "RX packets" is not (its msgid changed, the old translation no longer fits). */
static const char german[] =
    "eth0      Protokoll:Ethernet  Hardware Adresse 52:54:00:12:34:56  \n"
    "          inet Adresse:192.0.2.10  Bcast:192.0.2.255  Maske:255.255.255.0\n"
    "          inet6-Adresse: fe80::5054:ff:fe12:3456/64 Gültigkeitsbereich:Verbindung\n"
    "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metrik:1\n"
    "          RX packets:10 errors:0 dropped:0 overruns:0 frame:0\n"
    "          TX packets:20 errors:0 dropped:0 overruns:0 carrier:0\n"
    "          Kollisionen:0 Sendewarteschlangenlänge:1000 \n"
    "          RX bytes:1000 (1000.0 B)  TX bytes:2000 (2.0 KB)\n"
    "          Interrupt:20 Speicher:f7e00000-f7e20000 \n"
    "\n"
    "ppp0      Protokoll:Punkt-zu-Punkt-Verbindung  \n"
    "          inet Adresse:198.51.100.7  P-z-P:198.51.100.1  Maske:255.255.255.255\n"
    "          UP PUNKTZUPUNKT RUNNING NOARP MULTICAST  MTU:1492  Metrik:1\n"
    "\n"
    /* net-tools 1.60's German: "inet6 Adresse:" and an untranslated "Metric:" */
    "eth1      Protokoll:Ethernet  Hardware Adresse 52:54:00:12:34:57  \n"
    "          inet6 Adresse: fe80::5054:ff:fe12:3457/64 Gültigkeitsbereich:Verbindung\n"
    "          UP BROADCAST MULTICAST  MTU:9000  Metric:1\n";

static void german_catalog(void **state)
{
	(void)state;
	struct evw *w = evw_text(german, "ifconfig.txt");
	const struct ifw_iface *e0 = iface(w, "eth0"), *p = iface(w, "ppp0"),
	                       *e1 = iface(w, "eth1");
	assert_mac(e0, (const uint8_t[]){0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
	assert_true(evw_has_addr(w, "eth0", "192.0.2.10", 24));
	assert_true(evw_has_addr(w, "eth0", "fe80::5054:ff:fe12:3456", 64));
	assert_int_equal(e0->flags, ETHER_UP);
	assert_int_equal(e0->mtu, 1500);
	assert_int_equal(e0->txqlen, 1000);
	assert_int_equal(e0->stats.rx_packets, 10);
	assert_int_equal(p->arptype, 512);
	assert_true(evw_has_addr(w, "ppp0", "198.51.100.7", 32));
	assert_peer(w, "ppp0", "198.51.100.7", "198.51.100.1");
	assert_int_equal(p->flags, IFW_IFF_UP | IFW_IFF_POINTOPOINT | IFW_IFF_RUNNING |
	                               IFW_IFF_NOARP | IFW_IFF_MULTICAST);
	assert_int_equal(p->mtu, 1492);
	assert_true(evw_has_addr(w, "eth1", "fe80::5054:ff:fe12:3457", 64));
	assert_int_equal(e1->mtu, 9000);
	assert_int_equal(e1->flags, IFW_IFF_UP | IFW_IFF_BROADCAST | IFW_IFF_MULTICAST);
	evw_free(w);
}

/* French (fr.po) with the loopback's translated link type, and no indentation left (a web page
 * ate it). */
static const char french[] = "eth0      Lien encap:Ethernet  HWaddr 52:54:00:00:00:0f  \n"
                             "inet adr:203.0.113.15  Bcast:203.0.113.255  Masque:255.255.255.128\n"
                             "adr inet6: fe80::5054:ff:fe00:f/64 Scope:Lien\n"
                             "UP BROADCAST RUNNING PROMISC MULTICAST  MTU:1500  Metric:1\n"
                             "collisions:0 lg file transmission:500 \n"
                             "Interruption:17 \n"
                             "\n"
                             "lo        Lien encap:Boucle locale  \n"
                             "inet adr:127.0.0.1  Masque:255.0.0.0\n"
                             "adr inet6: ::1/128 Scope:Hôte\n"
                             "UP LOOPBACK RUNNING  MTU:16436  Metric:1\n";

static void french_catalog(void **state)
{
	(void)state;
	struct evw *w = evw_text(french, "ifconfig.txt");
	const struct ifw_iface *e0 = iface(w, "eth0"), *lo = iface(w, "lo");
	assert_mac(e0, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x00, 0x0f});
	assert_true(evw_has_addr(w, "eth0", "203.0.113.15", 25));
	assert_true(evw_has_addr(w, "eth0", "fe80::5054:ff:fe00:f", 64));
	assert_int_equal(e0->flags, ETHER_UP | IFW_IFF_PROMISC);
	assert_int_equal(e0->txqlen, 500);
	assert_int_equal(lo->arptype, 772);
	assert_true(evw_has_addr(w, "lo", "127.0.0.1", 8));
	assert_true(evw_has_addr(w, "lo", "::1", 128));
	assert_int_equal(lo->flags, IFW_IFF_UP | IFW_IFF_LOOPBACK | IFW_IFF_RUNNING);
	assert_int_equal(lo->mtu, 16436);
	evw_free(w);
}

/* Brazilian Portuguese (pt_BR.po): "end.: " with a space before the address, and flag words run
 * together where the catalog lost their space. The second block is the same in Latin-1, the
 * catalog's charset (ISO-8859-9 and Latin-1 agree on these letters). */
static const char portuguese[] =
    "eth0       Encapsulamento do Link: Ethernet  Endereço de HW 52:54:00:ab:cd:ef  \n"
    "          inet end.: 203.0.113.5  Bcast:203.0.113.255  Masc:255.255.255.0\n"
    "          endereço inet6: fe80::5054:ff:feab:cdef/64 Escopo:Link\n"
    "          UP BROADCASTRUNNING MULTICAST  MTU:1500  Métrica:1\n"
    "          colisões:0 txqueuelen:1000 \n"
    "\n"
    "tun0       Encapsulamento do Link: Não Especificado  Endereço de HW "
    "00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  \n"
    "          inet end.: 198.51.100.2  P-a-P:198.51.100.1  Masc:255.255.255.255\n"
    "          UP POINTOPOINT RUNNING NOARP MULTICAST  MTU:1400  Métrica:1\n"
    "\n"
    "lo         Encapsulamento do Link: Loopback Local  \n"
    "          inet end.: 127.0.0.1  Masc:255.0.0.0\n"
    "          UP LOOPBACKRUNNING  MTU:65536  M\xe9trica:1\n"
    "\n"
    "eth1       Encapsulamento do Link: Ethernet  Endere\xe7o de HW 52:54:00:ab:cd:f0  \n"
    "          endere\xe7o inet6: fe80::5054:ff:feab:cdf0/64 Escopo:Link\n"
    "          UP BROADCAST MULTICAST  MTU:1500  M\xe9trica:1\n";

static void portuguese_catalog(void **state)
{
	(void)state;
	struct evw *w = evw_text(portuguese, "ifconfig.txt");
	const struct ifw_iface *e0 = iface(w, "eth0"), *t = iface(w, "tun0"), *lo = iface(w, "lo"),
	                       *e1 = iface(w, "eth1");
	assert_mac(e0, (const uint8_t[]){0x52, 0x54, 0x00, 0xab, 0xcd, 0xef});
	assert_true(evw_has_addr(w, "eth0", "203.0.113.5", 24));
	assert_true(evw_has_addr(w, "eth0", "fe80::5054:ff:feab:cdef", 64));
	assert_int_equal(e0->flags, ETHER_UP);
	assert_int_equal(e0->mtu, 1500);
	assert_int_equal(e0->txqlen, 1000);
	assert_int_equal(t->arptype, 65534);
	assert_int_equal(t->mac_len, 0);
	assert_peer(w, "tun0", "198.51.100.2", "198.51.100.1");
	assert_int_equal(t->flags, IFW_IFF_UP | IFW_IFF_POINTOPOINT | IFW_IFF_RUNNING |
	                               IFW_IFF_NOARP | IFW_IFF_MULTICAST);
	assert_int_equal(lo->arptype, 772);
	assert_int_equal(lo->flags, IFW_IFF_UP | IFW_IFF_LOOPBACK | IFW_IFF_RUNNING);
	assert_int_equal(lo->mtu, 65536);
	assert_mac(e1, (const uint8_t[]){0x52, 0x54, 0x00, 0xab, 0xcd, 0xf0});
	assert_true(evw_has_addr(w, "eth1", "fe80::5054:ff:feab:cdf0", 64));
	assert_int_equal(e1->flags, IFW_IFF_UP | IFW_IFF_BROADCAST | IFW_IFF_MULTICAST);
	evw_free(w);
}

/* Japanese (ja.po), Czech (net-tools 1.60's cs.po, the last that translated this format) and
 * Estonian (et.po), one card each. */
static const char asian_and_baltic[] =
    "eth0      リンク方法:イーサネット  ハードウェアアドレス 52:54:00:00:00:01 \n"
    "          inetアドレス:192.0.2.20 ブロードキャスト:192.0.2.255  マスク:255.255.255.0\n"
    "          inet6アドレス: fe80::5054:ff:fe00:1/64 範囲:リンク\n"
    "          UP BROADCAST RUNNING MULTICAST  MTU:1500  メトリック:1\n"
    "          RXパケット:5 エラー:0 損失:0 オーバラン:0 フレーム:0\n"
    "          TXパケット:6 エラー:0 損失:0 オーバラン:0 キャリア:0\n"
    "          衝突:0 TXキュー長:1000 \n"
    "          RXバイト:700 (700.0 B)  TXバイト:800 (800.0 B)\n"
    "\n"
    "eth1      Zapouzdření:Ethernet  HWadr 52:54:00:00:00:02  \n"
    "          inet adr:192.0.2.30  Všesměr:192.0.2.255 Maska:255.255.255.192\n"
    "          inet6-adr: fe80::5054:ff:fe00:2/64 Rozsah:Linka\n"
    "          AKTIVOVÁNO VŠESMĚROVÉ_VYSÍLÁNÍ BĚŽÍ MULTICAST  MTU:1500  Metrika:1\n"
    "          kolizí:0 délka odchozí fronty:100 \n"
    "\n"
    "eth2      kapseldus:Ethernet  HWaddr 52:54:00:00:00:03  \n"
    "          inet aadress:192.0.2.40  bcast:192.0.2.255  mask:255.255.255.0\n"
    "          inet6 aadr: fe80::5054:ff:fe00:3/64 skoop:ühendus\n"
    "          UP BROADCAST RUNNING MULTICAST  MTU:1500 meetrika:1\n"
    "          RX pakette:9 vigu:0 ära visatud:0 ületäit:0 kaadri vigu:0\n"
    "          RX baite:900 (900.0 B)  TX baite:100 (100.0 B)\n";

static void other_catalogs(void **state)
{
	(void)state;
	struct evw *w = evw_text(asian_and_baltic, "ifconfig.txt");
	const struct ifw_iface *ja = iface(w, "eth0"), *cs = iface(w, "eth1"),
	                       *et = iface(w, "eth2");
	assert_int_equal(ja->arptype, 1);
	assert_mac(ja, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x00, 0x01});
	assert_true(evw_has_addr(w, "eth0", "192.0.2.20", 24));
	assert_true(evw_has_addr(w, "eth0", "fe80::5054:ff:fe00:1", 64));
	assert_int_equal(ja->flags, ETHER_UP);
	assert_int_equal(ja->mtu, 1500);
	assert_int_equal(ja->txqlen, 1000);
	assert_int_equal(ja->stats.rx_packets, 5);
	assert_int_equal(ja->stats.tx_packets, 6);
	assert_int_equal(ja->stats.tx_bytes, 800);
	assert_mac(cs, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x00, 0x02});
	assert_true(evw_has_addr(w, "eth1", "192.0.2.30", 26));
	assert_true(evw_has_addr(w, "eth1", "fe80::5054:ff:fe00:2", 64));
	assert_int_equal(cs->flags, ETHER_UP);
	assert_int_equal(cs->txqlen, 100);
	assert_mac(et, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x00, 0x03});
	assert_true(evw_has_addr(w, "eth2", "192.0.2.40", 24));
	assert_true(evw_has_addr(w, "eth2", "fe80::5054:ff:fe00:3", 64));
	assert_int_equal(et->flags, ETHER_UP);
	assert_int_equal(et->mtu, 1500);
	assert_int_equal(et->stats.rx_packets, 9);
	assert_int_equal(et->stats.rx_bytes, 900);
	assert_int_equal(et->stats.tx_bytes, 100);
	evw_free(w);
}

/* Italian and Russian have no net-tools catalog: Ubuntu's translations, with the words of real
 * pastes (Italian keeps "Link encap:", "Bcast:" and the flags in English). */
static const char italian_russian[] =
    "eth0      Link encap:Ethernet  IndirizzoHW 52:54:00:00:00:11  \n"
    "          indirizzo inet:192.0.2.50  Bcast:192.0.2.255  Maschera:255.255.255.0\n"
    "          indirizzo inet6: fe80::5054:ff:fe00:11/64 Scope:Link\n"
    "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
    "          RX packets:2138 errors:0 dropped:0 overruns:0 frame:0\n"
    "          collisioni:0 txqueuelen:1000\n"
    "          Byte RX:160745 (160.7 KB)  Byte TX:1527041 (1.5 MB)\n"
    "          Interrupt:43 Indirizzo base:0x8000\n"
    "\n"
    "lo        Link encap:Локальная петля (Loopback)  \n"
    "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
    "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n";

static void ubuntu_translations(void **state)
{
	(void)state;
	struct evw *w = evw_text(italian_russian, "ifconfig.txt");
	const struct ifw_iface *e0 = iface(w, "eth0"), *lo = iface(w, "lo");
	assert_mac(e0, (const uint8_t[]){0x52, 0x54, 0x00, 0x00, 0x00, 0x11});
	assert_true(evw_has_addr(w, "eth0", "192.0.2.50", 24));
	assert_true(evw_has_addr(w, "eth0", "fe80::5054:ff:fe00:11", 64));
	assert_int_equal(e0->flags, ETHER_UP);
	assert_int_equal(e0->stats.rx_bytes, 160745);
	assert_int_equal(e0->stats.tx_bytes, 1527041);
	assert_int_equal(lo->arptype, 772);
	assert_int_equal(lo->mtu, 65536);
	evw_free(w);
}

/* English is read as before, and prose that uses the same words is not an interface: a word
 * before a translated key without a link type net-tools prints, or a known link type followed by
 * more prose; and a flags line that is a sentence sets no flags. */
static const char english_and_prose[] =
    "Netzwerk Protokoll:Ethernet ist schnell\n"
    "Hinweis Protokoll:TCP\n"
    "          inet Adresse:192.0.2.99  Maske:255.255.255.0\n"
    "\n"
    "eth0      Link encap:Ethernet  HWaddr 00:14:22:50:78:71\n"
    "          inet addr:172.16.210.32  Bcast:172.16.255.255  Mask:255.255.0.0\n"
    "          inet6 addr: fe80::214:22ff:fe50:7871/64 Scope:Link\n"
    "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
    "          UP and RUNNING since Monday\n"
    "\n"
    "Salida ACTIVO DIFUSIÓN FUNCIONANDO MTU:1500\n"
    "Direc. inet:192.0.2.98  Másc:255.255.255.0\n";

static void english_and_prose_test(void **state)
{
	(void)state;
	struct evw *w = evw_text(english_and_prose, "notes.txt");
	const struct ifw_iface *e0 = iface(w, "eth0");
	assert_mac(e0, (const uint8_t[]){0x00, 0x14, 0x22, 0x50, 0x78, 0x71});
	assert_true(evw_has_addr(w, "eth0", "172.16.210.32", 16));
	assert_true(evw_has_addr(w, "eth0", "fe80::214:22ff:fe50:7871", 64));
	assert_int_equal(e0->flags, ETHER_UP);
	assert_int_equal(e0->mtu, 1500);
	assert_false(evw_has_iface(w, "Netzwerk"));
	assert_false(evw_has_iface(w, "Hinweis"));
	assert_false(evw_has_iface(w, "Salida"));
	for (size_t i = 0; i < w->m.addrs.n; i++) {
		struct ifw_ip a, b;
		assert_int_equal(ifw_ip_parse("192.0.2.99", &a), 0);
		assert_int_equal(ifw_ip_parse("192.0.2.98", &b), 0);
		assert_false(ifw_ip_eq(&w->m.addrs.v[i].ip, &a));
		assert_false(ifw_ip_eq(&w->m.addrs.v[i].ip, &b));
	}
	evw_free(w);
}

static const char *route_dev(const struct evw *w, const char *dst, unsigned plen)
{
	ifw_id r = evw_route(w, dst, plen);
	assert_int_not_equal(r, IFW_NOID);
	ifw_id i = w->m.routes.v[r].iface;
	assert_int_not_equal(i, IFW_NOID);
	return w->m.ifaces.v[i].name;
}

/* route -n in German (2.10's title and header; route -ee's header puts columns after Iface),
 * Spanish (Ubuntu) and Japanese; netstat -i under its German title. */
static void routes_and_tables(void **state)
{
	(void)state;
	struct evw *w =
	    evw_text("Kernel-IP-Routentabelle\n"
	             "Ziel            Router          Genmask         Flags Metric Ref    "
	             "Use Iface\n"
	             "0.0.0.0         192.0.2.1       0.0.0.0         UG    0      0     "
	             "   0 eth0\n"
	             "192.0.2.0       0.0.0.0         255.255.255.0   U     0      0     "
	             "   0 eth0\n",
	             "route.txt");
	assert_string_equal(route_dev(w, "0.0.0.0", 0), "eth0");
	assert_string_equal(route_dev(w, "192.0.2.0", 24), "eth0");
	evw_free(w);

	w = evw_text("Kernel IP Routentabelle\n"
	             "Ziel            Gateway         Maske           Flags Metric Ref    Benutzer "
	             "Iface    MSS   Fenster irtt\n"
	             "198.51.100.0    0.0.0.0         255.255.255.0   U     0      0        0 tun0 "
	             "    0     0      0\n",
	             "route.txt");
	assert_string_equal(route_dev(w, "198.51.100.0", 24), "tun0");
	evw_free(w);

	w = evw_text(
	    "Tabla de rutas IP del núcleo\n"
	    "Destino         Pasarela        Genmask         Indic Métric Ref    Uso "
	    "Interfaz\n"
	    "0.0.0.0         10.0.2.2        0.0.0.0         UG    100    0        0 enp0s3\n"
	    "10.0.2.0        0.0.0.0         255.255.255.0   U     100    0        0 enp0s3\n",
	    "route.txt");
	assert_string_equal(route_dev(w, "0.0.0.0", 0), "enp0s3");
	assert_string_equal(route_dev(w, "10.0.2.0", 24), "enp0s3");
	evw_free(w);

	w = evw_text(
	    "カーネルIP経路テーブル\n"
	    "受信先サイト    ゲートウェイ    ネットマスク   フラグ Metric Ref 使用数 "
	    "インタフェース\n"
	    "203.0.113.0     0.0.0.0         255.255.255.0   U     0      0        0 wlan0\n",
	    "route.txt");
	assert_string_equal(route_dev(w, "203.0.113.0", 24), "wlan0");
	evw_free(w);

	w = evw_text(
	    "Kernel-Schnittstellentabelle\n"
	    "Iface   MTU Met   RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n"
	    "tun7   1400 0        12      0      0 0            34      0      0      0 "
	    "MOPRU\n",
	    "netstat.txt");
	assert_int_equal(iface(w, "tun7")->mtu, 1400);
	assert_int_equal(iface(w, "tun7")->flags & IFW_IFF_POINTOPOINT, IFW_IFF_POINTOPOINT);
	evw_free(w);

	/* Czech translates netstat -i's columns too */
	w = evw_text("Tabulka rozhraní v jádru\n"
	             "Rozhr   MTU Met  PŘ-OK PŘ-CHYB PŘ-ZAH PŘ-PŘT   OD-OK OD-CHYB OD-ZAH OD-PŘT "
	             "Přízn\n"
	             "eth0   1500 0       100      0      0 0           200      0      0      0 "
	             "BMRU\n",
	             "netstat.txt");
	assert_int_equal(iface(w, "eth0")->mtu, 1500);
	assert_int_equal(iface(w, "eth0")->stats.tx_packets, 200);
	evw_free(w);
}

/* netstat -tulpn in Brazilian Portuguese: its states are translated (OUÇA is LISTEN). */
static void netstat_states(void **state)
{
	(void)state;
	struct evw *w = evw_text(
	    "Conexões Internet Ativas (servidores e estabelecidas)\n"
	    "Proto Recv-Q Send-Q Endereço Local          Endereço Remoto         Estado      "
	    "PID/Program name\n"
	    "tcp        0      0 0.0.0.0:22              0.0.0.0:*               OUÇA        "
	    "812/sshd\n"
	    "tcp        0      0 192.0.2.5:22            192.0.2.9:50000         ESTABELECIDA "
	    "900/sshd\n",
	    "netstat.txt");
	ifw_id s = evw_socket(w, IFW_P_TCP, 22, "0.0.0.0");
	assert_int_not_equal(s, IFW_NOID);
	assert_true(w->m.sockets.v[s].listening);
	assert_int_equal(w->m.sockets.v[s].state, 10);
	s = evw_socket(w, IFW_P_TCP, 22, "192.0.2.5");
	assert_int_not_equal(s, IFW_NOID);
	assert_false(w->m.sockets.v[s].listening);
	assert_int_equal(w->m.sockets.v[s].state, 1);
	evw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(spanish_paste),       cmocka_unit_test(german_catalog),
	    cmocka_unit_test(french_catalog),      cmocka_unit_test(portuguese_catalog),
	    cmocka_unit_test(other_catalogs),      cmocka_unit_test(english_and_prose_test),
	    cmocka_unit_test(routes_and_tables),   cmocka_unit_test(netstat_states),
	    cmocka_unit_test(ubuntu_translations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
