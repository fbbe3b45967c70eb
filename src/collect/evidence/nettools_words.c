/* The words net-tools prints, in English and translated, as data for the parsers of old
 * ifconfig, route -n / netstat -rn, netstat -i and netstat -an output.
 *
 * The translations were generated once (2026-12-07) with tools/nettools_words/gen.py from
 * net-tools' message catalogs:
 *   - Debian 12's net-tools 2.10-0.1+deb12u2, /usr/share/locale/{cs,de,et,fr,ja,pt_BR}/
 *     LC_MESSAGES/net-tools.mo, read with msgunfmt (gettext 0.21);
 *   - net-tools 1.60's po/{cs,de,et_EE,fr,pt_BR}.po (git tag v1.60 of
 *     github.com/ecki/net-tools), what Debian and most distributions shipped until 2.10; where
 *     a word changed between the two versions both are kept.
 * The command (LANG=FILE with FILE the msgunfmt output of a .mo, or a 1.60 .po):
 *   gen.py de=de.po de=1.60/de.po fr=fr.po fr=1.60/fr.po pt_BR=pt_BR.po pt_BR=1.60/pt_BR.po
 *          et=et.po et=1.60/et_EE.po ja=ja.po cs=cs.po cs=1.60/cs.po
 * The msgids are lib/interface.c's printf formats (ifconfig), lib/hw.c's hardware titles,
 * lib/inet_gr.c's route header and netstat.c's titles and TCP states. A word is the msgstr
 * with the format's conversions cut away ("          %s addr:%s " with %s = "inet" gives
 * "inet addr:"); the English words are written by hand from the same formats.
 *
 * Spanish, Italian and Russian have no catalog in net-tools: Ubuntu shipped its own (Launchpad)
 * translations. The Spanish words are those of the real paste
 * tests/fixtures/evidence/real/linux-063-grase-spanish-ifconfig.txt
 * (github.com/GraseHotspot/grase-www-portal/issues/151, Ubuntu 14.04); those marked "es*",
 * "it*" and "ru*" are the words of other public Ubuntu pastes found on 2026-12-07.
 *
 * Notes on the catalogs: pt_BR's "BROADCAST " and "LOOPBACK " lost their trailing space, so
 * ifconfig prints "UP BROADCASTRUNNING MULTICAST" (the parser splits joined flag words); et,
 * fr, ja and pt_BR keep the English flag words; cs 2.10 translates only the new ifconfig
 * format, cs 1.60 the old one. */
#include "collect/evidence/nettools_words.h"

#include "model/linux_values.h"

#include <string.h>

struct nt_word {
	enum nt_key key;
	uint32_t value;
	const char *word, *lang;
};

static const struct nt_word words[] = {
    /* English (net-tools' msgids) */
    {NT_LINK_ENCAP, 0, "Link encap:", "en"},
    {NT_HWTITLE, 1, "Ethernet", "en"},
    {NT_HWTITLE, 772, "Local Loopback", "en"},
    {NT_HWTITLE, 65534, "UNSPEC", "en"},
    {NT_HWTITLE, 512, "Point-to-Point", "en"},
    {NT_HWTITLE, 768, "IPIP", "en"},
    {NT_HWTITLE, 776, "IPv6-in-IPv4", "en"},
    {NT_HWTITLE, 65534, "None", "en"},
    {NT_HWADDR, 0, "HWaddr ", "en"},
    {NT_INET_ADDR, 0, "inet addr:", "en"},
    {NT_INET6_ADDR, 0, "inet6 addr:", "en"},
    {NT_INET6_ADDR, 0, "inet6 ", "en"}, /* busybox builds without "addr:" */
    {NT_PTP, 0, "P-t-P:", "en"},
    {NT_BCAST, 0, "Bcast:", "en"},
    {NT_MASK, 0, "Mask:", "en"},
    {NT_SCOPE, 0, "Scope:", "en"},
    {NT_MTU, 0, "MTU:", "en"},
    {NT_METRIC, 0, "Metric:", "en"},
    {NT_FLAG, IFW_IFF_UP, "UP", "en"},
    {NT_FLAG, IFW_IFF_BROADCAST, "BROADCAST", "en"},
    {NT_FLAG, IFW_IFF_DEBUG, "DEBUG", "en"},
    {NT_FLAG, IFW_IFF_LOOPBACK, "LOOPBACK", "en"},
    {NT_FLAG, IFW_IFF_POINTOPOINT, "POINTOPOINT", "en"},
    {NT_FLAG, IFW_IFF_NOTRAILERS, "NOTRAILERS", "en"},
    {NT_FLAG, IFW_IFF_RUNNING, "RUNNING", "en"},
    {NT_FLAG, IFW_IFF_NOARP, "NOARP", "en"},
    {NT_FLAG, IFW_IFF_PROMISC, "PROMISC", "en"},
    {NT_FLAG, IFW_IFF_ALLMULTI, "ALLMULTI", "en"},
    {NT_FLAG, IFW_IFF_SLAVE, "SLAVE", "en"},
    {NT_FLAG, IFW_IFF_MASTER, "MASTER", "en"},
    {NT_FLAG, IFW_IFF_MULTICAST, "MULTICAST", "en"},
    {NT_FLAG, IFW_IFF_DYNAMIC, "DYNAMIC", "en"},
    {NT_RX_PACKETS, 0, "RX packets:", "en"},
    {NT_TX_PACKETS, 0, "TX packets:", "en"},
    {NT_RX_BYTES, 0, "RX bytes:", "en"},
    {NT_TX_BYTES, 0, "TX bytes:", "en"},
    {NT_COLLISIONS, 0, "collisions:", "en"},
    {NT_TXQUEUELEN, 0, "txqueuelen:", "en"},
    {NT_HWINFO, 0, "Interrupt:", "en"},
    {NT_HWINFO, 0, "Base address:", "en"},
    {NT_HWINFO, 0, "Memory:", "en"},
    {NT_HWINFO, 0, "DMA chan:", "en"},
    {NT_ROUTE_TITLE, 0, "Kernel IP routing table", "en"},
    {NT_ROUTE_DEST, 0, "Destination", "en"},
    {NT_ROUTE_GW, 0, "Gateway", "en"},
    {NT_ROUTE_GENMASK, 0, "Genmask", "en"},
    {NT_ROUTE_IFACE, 0, "Iface", "en"},
    {NT_IFTABLE_TITLE, 0, "Kernel Interface table", "en"},
    {NT_IFTABLE_IFACE, 0, "Iface", "en"},
    {NT_INET_TITLE, 0, "Active Internet connections", "en"},
    {NT_UNIX_TITLE, 0, "Active UNIX domain sockets", "en"},
    /* NT_LOCAL_ADDRESS: translations only (English headers are known by "Recv-Q" too) */

    /* generated from the catalogs (see above) */
    {NT_LINK_ENCAP, 1, "Protokoll:", "de"},
    {NT_HWADDR, 0, "Hardware Adresse ", "de"},
    {NT_INET_ADDR, 0, "inet Adresse:", "de"},
    {NT_INET6_ADDR, 0, "inet6-Adresse:", "de"},
    {NT_PTP, 0, "P-z-P:", "de"},
    {NT_MASK, 0, "Maske:", "de"},
    {NT_SCOPE, 0, "Gültigkeitsbereich:", "de"},
    {NT_METRIC, 0, "Metrik:", "de"},
    {NT_COLLISIONS, 0, "Kollisionen:", "de"},
    {NT_TXQUEUELEN, 0, "Sendewarteschlangenlänge:", "de"},
    {NT_HWINFO, 0, "Basisadresse:", "de"},
    {NT_HWINFO, 0, "Speicher:", "de"},
    {NT_HWTITLE, 772, "Lokale Schleife", "de"},
    {NT_HWTITLE, 512, "Punkt-zu-Punkt-Verbindung", "de"},
    {NT_HWTITLE, 776, "IPv6-nach-IPv4", "de"},
    {NT_ROUTE_TITLE, 0, "Kernel-IP-Routentabelle", "de"},
    {NT_IFTABLE_TITLE, 0, "Kernel-Schnittstellentabelle", "de"},
    {NT_INET_TITLE, 0, "Aktive Internetverbindungen", "de"},
    {NT_UNIX_TITLE, 0, "Aktive Sockets in der UNIX-Domäne", "de"},
    {NT_FLAG, IFW_IFF_POINTOPOINT, "PUNKTZUPUNKT", "de"},
    {NT_TCP_STATE, 1, "VERBUNDEN", "de"},
    {NT_ROUTE_DEST, 0, "Ziel", "de"},
    {NT_ROUTE_GW, 0, "Router", "de"},
    {NT_ROUTE_GENMASK, 0, "Maske", "de"},
    {NT_INET6_ADDR, 0, "inet6 Adresse:", "de"},
    {NT_HWTITLE, 512, "Punkt-zu-Punkt Verbindung", "de"},
    {NT_ROUTE_TITLE, 0, "Kernel IP Routentabelle", "de"},
    {NT_IFTABLE_TITLE, 0, "Kernel Schnittstellentabelle", "de"},
    {NT_UNIX_TITLE, 0, "Aktive Sockets in der UNIX Domäne", "de"},
    {NT_LINK_ENCAP, 1, "Lien encap:", "fr"},
    {NT_INET_ADDR, 0, "inet adr:", "fr"},
    {NT_INET6_ADDR, 0, "adr inet6:", "fr"},
    {NT_MASK, 0, "Masque:", "fr"},
    {NT_TXQUEUELEN, 0, "lg file transmission:", "fr"},
    {NT_HWINFO, 0, "Interruption:", "fr"},
    {NT_HWINFO, 0, "Adresse de base:", "fr"},
    {NT_HWINFO, 0, "Mémoire:", "fr"},
    {NT_HWTITLE, 772, "Boucle locale", "fr"},
    {NT_HWTITLE, 512, "Protocole Point-à-Point", "fr"},
    {NT_HWTITLE, 776, "IPv6-dans-IPv4", "fr"},
    {NT_ROUTE_TITLE, 0, "Table de routage IP du noyau", "fr"},
    {NT_IFTABLE_TITLE, 0, "Table d'interfaces noyau", "fr"},
    {NT_INET_TITLE, 0, "Connexions Internet actives", "fr"},
    {NT_UNIX_TITLE, 0, "Sockets du domaine UNIX actives", "fr"},
    {NT_LOCAL_ADDRESS, 0, "Adresse locale", "fr"},
    {NT_ROUTE_GW, 0, "Passerelle", "fr"},
    {NT_LINK_ENCAP, 1, "Encapsulamento do Link:", "pt_BR"},
    {NT_HWADDR, 0, "Endereço de HW ", "pt_BR"},
    {NT_INET_ADDR, 0, "inet end.:", "pt_BR"},
    {NT_INET6_ADDR, 0, "endereço inet6:", "pt_BR"},
    {NT_PTP, 0, "P-a-P:", "pt_BR"},
    {NT_MASK, 0, "Masc:", "pt_BR"},
    {NT_SCOPE, 0, "Escopo:", "pt_BR"},
    {NT_METRIC, 0, "Métrica:", "pt_BR"},
    {NT_COLLISIONS, 0, "colisões:", "pt_BR"},
    {NT_HWINFO, 0, "IRQ:", "pt_BR"},
    {NT_HWINFO, 0, "Endereço de E/S:", "pt_BR"},
    {NT_HWINFO, 0, "Memória:", "pt_BR"},
    {NT_HWTITLE, 772, "Loopback Local", "pt_BR"},
    {NT_HWTITLE, 65534, "Não Especificado", "pt_BR"},
    {NT_HWTITLE, 512, "Protocolo Ponto-a-Ponto", "pt_BR"},
    {NT_HWTITLE, 768, "Túnel IPIP", "pt_BR"},
    {NT_HWTITLE, 776, "IPv6 sobre IPv4", "pt_BR"},
    {NT_ROUTE_TITLE, 0, "Tabela de Roteamento IP do Kernel", "pt_BR"},
    {NT_IFTABLE_TITLE, 0, "Tabela de Interfaces do Kernel", "pt_BR"},
    {NT_INET_TITLE, 0, "Conexões Internet Ativas", "pt_BR"},
    {NT_UNIX_TITLE, 0, "Domain sockets UNIX ativos", "pt_BR"},
    {NT_LOCAL_ADDRESS, 0, "Endereço Local", "pt_BR"},
    {NT_TCP_STATE, 1, "ESTABELECIDA", "pt_BR"},
    {NT_TCP_STATE, 2, "SYN_ENVIADO", "pt_BR"},
    {NT_TCP_STATE, 3, "SYN_RECEBIDO", "pt_BR"},
    {NT_TCP_STATE, 4, "ESPERA_FIN1", "pt_BR"},
    {NT_TCP_STATE, 5, "ESPERA_FIN2", "pt_BR"},
    {NT_TCP_STATE, 7, "FECHAR", "pt_BR"},
    {NT_TCP_STATE, 8, "ESPERANDO_FECHAR", "pt_BR"},
    {NT_TCP_STATE, 9, "ÚLTIMO_ACK", "pt_BR"},
    {NT_TCP_STATE, 10, "OUÇA", "pt_BR"},
    {NT_TCP_STATE, 11, "FECHANDO", "pt_BR"},
    {NT_ROUTE_DEST, 0, "Destino", "pt_BR"},
    {NT_ROUTE_GW, 0, "Roteador", "pt_BR"},
    {NT_ROUTE_GENMASK, 0, "MáscaraGen.", "pt_BR"},
    {NT_ROUTE_GENMASK, 0, "MáscaraGen", "pt_BR"},
    {NT_LINK_ENCAP, 1, "kapseldus:", "et"},
    {NT_INET_ADDR, 0, "inet aadress:", "et"},
    {NT_INET6_ADDR, 0, "inet6 aadr:", "et"},
    {NT_BCAST, 0, "bcast:", "et"},
    {NT_MASK, 0, "mask:", "et"},
    {NT_SCOPE, 0, "skoop:", "et"},
    {NT_METRIC, 0, "meetrika:", "et"},
    {NT_RX_PACKETS, 0, "RX pakette:", "et"},
    {NT_TX_PACKETS, 0, "TX pakette:", "et"},
    {NT_RX_BYTES, 0, "RX baite:", "et"},
    {NT_TX_BYTES, 0, "TX baite:", "et"},
    {NT_COLLISIONS, 0, "kollisioone:", "et"},
    {NT_HWINFO, 0, "katkestus:", "et"},
    {NT_HWINFO, 0, "baasaadress:", "et"},
    {NT_HWINFO, 0, "mälu:", "et"},
    {NT_HWTITLE, 772, "Kohalik loopback", "et"},
    {NT_HWTITLE, 512, "Kakspunktprotokoll", "et"},
    {NT_HWTITLE, 768, "IPIP tunnel", "et"},
    {NT_ROUTE_TITLE, 0, "Tuuma IP ruutingutabel", "et"},
    {NT_IFTABLE_TITLE, 0, "Tuuma liideste tabel", "et"},
    {NT_INET_TITLE, 0, "Aktiivsed internetiühendused", "et"},
    {NT_UNIX_TITLE, 0, "Aktiivsed UNIX domeeni soklid", "et"},
    {NT_LOCAL_ADDRESS, 0, "Kohalik aadress", "et"},
    {NT_ROUTE_DEST, 0, "Sihtpunkt", "et"},
    {NT_ROUTE_GW, 0, "Ruuter", "et"},
    {NT_ROUTE_GENMASK, 0, "Võrgumask", "et"},
    {NT_ROUTE_IFACE, 0, "Liides", "et"},
    {NT_LINK_ENCAP, 1, "リンク方法:", "ja"},
    {NT_HWADDR, 0, "ハードウェアアドレス ", "ja"},
    {NT_INET_ADDR, 0, "inetアドレス:", "ja"},
    {NT_INET6_ADDR, 0, "inet6アドレス:", "ja"},
    {NT_BCAST, 0, "ブロードキャスト:", "ja"},
    {NT_MASK, 0, "マスク:", "ja"},
    {NT_SCOPE, 0, "範囲:", "ja"},
    {NT_METRIC, 0, "メトリック:", "ja"},
    {NT_RX_PACKETS, 0, "RXパケット:", "ja"},
    {NT_TX_PACKETS, 0, "TXパケット:", "ja"},
    {NT_RX_BYTES, 0, "RXバイト:", "ja"},
    {NT_TX_BYTES, 0, "TXバイト:", "ja"},
    {NT_COLLISIONS, 0, "衝突:", "ja"},
    {NT_TXQUEUELEN, 0, "TXキュー長:", "ja"},
    {NT_HWINFO, 0, "割り込み:", "ja"},
    {NT_HWINFO, 0, "ベースアドレス:", "ja"},
    {NT_HWINFO, 0, "メモリ:", "ja"},
    {NT_HWTITLE, 1, "イーサネット", "ja"},
    {NT_HWTITLE, 772, "ローカルループバック", "ja"},
    {NT_HWTITLE, 65534, "不明なネット", "ja"},
    {NT_HWTITLE, 512, "Point-to-Pointプロトコル", "ja"},
    {NT_HWTITLE, 768, "IPIPトンネル", "ja"},
    {NT_ROUTE_TITLE, 0, "カーネルIP経路テーブル", "ja"},
    {NT_IFTABLE_TITLE, 0, "カーネルインタフェーステーブル", "ja"},
    {NT_INET_TITLE, 0, "稼働中のインターネット接続", "ja"},
    {NT_UNIX_TITLE, 0, "稼働中のUNIXドメインソケット", "ja"},
    {NT_LOCAL_ADDRESS, 0, "内部アドレス", "ja"},
    {NT_ROUTE_DEST, 0, "受信先サイト", "ja"},
    {NT_ROUTE_GW, 0, "ゲートウェイ", "ja"},
    {NT_ROUTE_GENMASK, 0, "ネットマスク", "ja"},
    {NT_ROUTE_IFACE, 0, "インタフェース", "ja"},
    {NT_HWTITLE, 772, "Místní smyčka", "cs"},
    {NT_HWTITLE, 65534, "NEZNÁM", "cs"},
    {NT_HWTITLE, 512, "Dvoubodový protokol", "cs"},
    {NT_ROUTE_TITLE, 0, "Směrovací tabulka v jádru pro IP", "cs"},
    {NT_IFTABLE_TITLE, 0, "Tabulka rozhraní v jádru", "cs"},
    {NT_INET_TITLE, 0, "Aktivní Internetová spojení", "cs"},
    {NT_UNIX_TITLE, 0, "Aktivní sokety domény UNIX", "cs"},
    {NT_LOCAL_ADDRESS, 0, "Místní Adresa", "cs"},
    {NT_TCP_STATE, 1, "SPOJENO", "cs"},
    {NT_TCP_STATE, 7, "ZAVŘEN", "cs"},
    {NT_TCP_STATE, 10, "NASLOUCHÁ", "cs"},
    {NT_TCP_STATE, 11, "ZAVÍRÁ", "cs"},
    {NT_ROUTE_DEST, 0, "Adresát", "cs"},
    {NT_ROUTE_GW, 0, "Brána", "cs"},
    {NT_ROUTE_GENMASK, 0, "Maska", "cs"},
    {NT_ROUTE_IFACE, 0, "Rozhraní", "cs"},
    {NT_IFTABLE_IFACE, 0, "Rozhr", "cs"},
    {NT_LINK_ENCAP, 1, "Zapouzdření:", "cs"},
    {NT_HWADDR, 0, "HWadr ", "cs"},
    {NT_INET_ADDR, 0, "inet adr:", "cs"},
    {NT_INET6_ADDR, 0, "inet6-adr:", "cs"},
    {NT_BCAST, 0, "Všesměr:", "cs"},
    {NT_MASK, 0, "Maska:", "cs"},
    {NT_SCOPE, 0, "Rozsah:", "cs"},
    {NT_METRIC, 0, "Metrika:", "cs"},
    {NT_COLLISIONS, 0, "kolizí:", "cs"},
    {NT_TXQUEUELEN, 0, "délka odchozí fronty:", "cs"},
    {NT_HWINFO, 0, "Přerušení:", "cs"},
    {NT_HWINFO, 0, "Vstupně/Výstupní port:", "cs"},
    {NT_HWINFO, 0, "Paměť:", "cs"},
    {NT_HWTITLE, 512, "Point-to-Point Protokol", "cs"},
    {NT_FLAG, IFW_IFF_UP, "AKTIVOVÁNO", "cs"},
    {NT_FLAG, IFW_IFF_BROADCAST, "VŠESMĚROVÉ_VYSÍLÁNÍ", "cs"},
    {NT_FLAG, IFW_IFF_LOOPBACK, "SMYČKA", "cs"},
    {NT_FLAG, IFW_IFF_RUNNING, "BĚŽÍ", "cs"},
    {NT_FLAG, IFW_IFF_NOARP, "NEARP", "cs"},
    {NT_FLAG, IFW_IFF_PROMISC, "PROMISK", "cs"},
    {NT_TCP_STATE, 11, "ZAVíRÁ", "cs"},

    /* Spanish (Ubuntu's translation, from real pastes; see above) */
    {NT_HWADDR, 0, "direcciónHW ", "es"},
    {NT_INET_ADDR, 0, "Direc. inet:", "es"},
    {NT_BCAST, 0, "Difus.:", "es"},
    {NT_MASK, 0, "Másc:", "es"},
    {NT_INET6_ADDR, 0, "Dirección inet6:", "es"},
    {NT_SCOPE, 0, "Alcance:", "es"},
    {NT_FLAG, IFW_IFF_UP, "ACTIVO", "es"},
    {NT_FLAG, IFW_IFF_BROADCAST, "DIFUSIÓN", "es"},
    {NT_FLAG, IFW_IFF_RUNNING, "FUNCIONANDO", "es"},
    {NT_FLAG, IFW_IFF_PROMISC, "PROMISCUO", "es"},
    {NT_METRIC, 0, "Métrica:", "es"},
    {NT_RX_PACKETS, 0, "Paquetes RX:", "es"},
    {NT_TX_PACKETS, 0, "Paquetes TX:", "es"},
    {NT_RX_BYTES, 0, "Bytes RX:", "es"},
    {NT_COLLISIONS, 0, "colisiones:", "es"},
    {NT_TXQUEUELEN, 0, "long.colaTX:", "es"},
    {NT_HWTITLE, 772, "Bucle local", "es*"},
    {NT_FLAG, IFW_IFF_LOOPBACK, "BUCLE", "es*"},
    {NT_INET_ADDR, 0, "inet dirección:", "es*"},
    {NT_MASK, 0, "Máscara:", "es*"},
    {NT_INET6_ADDR, 0, "dirección inet6:", "es*"},
    {NT_FLAG, IFW_IFF_UP, "ARRIBA", "es*"},
    {NT_FLAG, IFW_IFF_RUNNING, "CORRIENDO", "es*"},
    {NT_HWINFO, 0, "Interrupción:", "es*"},
    {NT_HWINFO, 0, "Dirección base:", "es*"},
    {NT_ROUTE_TITLE, 0, "Tabla de rutas IP del núcleo", "es*"},
    {NT_ROUTE_DEST, 0, "Destino", "es*"},
    {NT_ROUTE_GW, 0, "Pasarela", "es*"},
    {NT_ROUTE_IFACE, 0, "Interfaz", "es*"},

    /* Italian and Russian (Ubuntu's translations, no net-tools catalog): from public Ubuntu
     * pastes found on 2026-12-07; Italian keeps "Link encap:", "Bcast:", "Scope:" and the flags
     * in English, Russian translates only the loopback's title and "Memory:". */
    {NT_HWADDR, 0, "IndirizzoHW ", "it*"},
    {NT_INET_ADDR, 0, "indirizzo inet:", "it*"},
    {NT_MASK, 0, "Maschera:", "it*"},
    {NT_INET6_ADDR, 0, "indirizzo inet6:", "it*"},
    {NT_COLLISIONS, 0, "collisioni:", "it*"},
    {NT_RX_BYTES, 0, "Byte RX:", "it*"},
    {NT_TX_BYTES, 0, "Byte TX:", "it*"},
    {NT_HWINFO, 0, "Indirizzo base:", "it*"},
    {NT_HWTITLE, 772, "Loopback locale", "it*"},
    {NT_ROUTE_TITLE, 0, "Tabella di routing IP del kernel", "it*"},
    {NT_HWTITLE, 772, "Локальная петля", "ru*"},
    {NT_HWINFO, 0, "Память:", "ru*"},
};

/* How many bytes of s match the word w, or 0. A letter of w in U+0080-U+00FF (two UTF-8 bytes
 * C2/C3 xx) also matches its one Latin-1 byte: the catalogs' own charset. */
static size_t match(const char *s, size_t n, const char *w)
{
	size_t i = 0, j = 0;
	while (w[j]) {
		unsigned char a = (unsigned char)w[j];
		if (i >= n)
			return 0;
		unsigned char b = (unsigned char)s[i];
		if (a == b) {
			i++;
			j++;
			continue;
		}
		if ((a == 0xc2 || a == 0xc3) && w[j + 1] &&
		    b == (unsigned char)(((a & 0x1f) << 6) | ((unsigned char)w[j + 1] & 0x3f))) {
			i++;
			j += 2;
			continue;
		}
		return 0;
	}
	return i;
}

static size_t longest(const char *s, size_t n, enum nt_key key, uint32_t *value, bool whole)
{
	size_t best = 0;
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		if (words[k].key != key)
			continue;
		size_t m = match(s, n, words[k].word);
		if (m > best && (!whole || m == n)) {
			best = m;
			if (value)
				*value = words[k].value;
		}
	}
	return best;
}

size_t nt_prefix(const char *s, size_t n, enum nt_key key, uint32_t *value)
{
	return longest(s, n, key, value, false);
}

bool nt_is(const char *s, size_t n, enum nt_key key, uint32_t *value)
{
	return n && longest(s, n, key, value, true) == n;
}

const char *nt_find(const char *s, enum nt_key key, size_t *len, uint32_t *value)
{
	for (const char *p = s; *p; p++) {
		if (p != s && p[-1] != ' ' && p[-1] != '\t')
			continue;
		size_t m = longest(p, strlen(p), key, value, false);
		if (m) {
			if (len)
				*len = m;
			return p;
		}
	}
	return NULL;
}
