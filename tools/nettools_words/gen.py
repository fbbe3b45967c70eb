#!/usr/bin/env python3
"""Prints the catalog part of src/collect/evidence/nettools_words.c from net-tools' message
catalogs. Usage: gen.py LANG=FILE.po ...  where each FILE.po is `msgunfmt` of
/usr/share/locale/LANG/LC_MESSAGES/net-tools.mo (or a .po of the net-tools source tree).
Only msgstrs that differ from their msgid are printed (the English words are in the C file)."""
import re
import sys


def parse(path):
    data = open(path, 'rb').read()
    m = re.search(rb'charset=([-\w]+)', data)
    text = data.decode(m.group(1).decode() if m else 'utf-8')
    esc = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}

    def unq(s):
        s = s.strip()[1:-1]
        return re.sub(r'\\(.)', lambda x: esc.get(x.group(1), '\\' + x.group(1)), s)
    out, mid, mstr, state = {}, [], [], None
    for line in text.split('\n') + ['msgid ""']:
        if line.startswith('#'):
            continue
        if line.startswith('msgid '):
            if state == 'str':
                out[''.join(mid)] = ''.join(mstr)
            mid, mstr, state = [unq(line[6:])], [], 'id'
        elif line.startswith('msgstr '):
            mstr, state = [unq(line[7:])], 'str'
        elif line.startswith('"'):
            (mid if state == 'id' else mstr).append(unq(line))
    return out


def upto_pct(s):
    return s.split('%')[0].strip()


def between(s, i):  # the text between the i-th and the i+1-th conversion
    return re.split(r'%[-.0-9]*l*[sdux]', s)[i].strip()


# msgid of ifconfig/route/netstat (net-tools lib/interface.c, lib/hw.c, lib/inet_gr.c,
# netstat.c) -> (key, value, how the word is cut out of the msgstr)
F = [
    ('%-9.9s Link encap:%s  ', 'NT_LINK_ENCAP', '1', lambda s: between(s, 1)),
    ('HWaddr %s  ', 'NT_HWADDR', '0', lambda s: s.split('%')[0].lstrip()),
    ('          %s addr:%s ', 'NT_INET_ADDR', '0',
     lambda s: upto_pct(s.replace('%s', 'inet', 1))),
    ('          inet6 addr: %s/%d', 'NT_INET6_ADDR', '0', upto_pct),
    (' P-t-P:%s ', 'NT_PTP', '0', upto_pct),
    (' Bcast:%s ', 'NT_BCAST', '0', upto_pct),
    (' Mask:%s\n', 'NT_MASK', '0', upto_pct),
    (' Scope:', 'NT_SCOPE', '0', str.strip),
    (' MTU:%d  Metric:%d', 'NT_METRIC', '0', lambda s: between(s, 1)),
    ('RX packets:%llu errors:%lu dropped:%lu overruns:%lu frame:%lu\n', 'NT_RX_PACKETS', '0',
     upto_pct),
    ('TX packets:%llu errors:%lu dropped:%lu overruns:%lu carrier:%lu\n', 'NT_TX_PACKETS', '0',
     upto_pct),
    ('RX bytes:%llu (%lu.%lu %s)  TX bytes:%llu (%lu.%lu %s)\n', 'NT_RX_BYTES', '0', upto_pct),
    ('RX bytes:%llu (%lu.%lu %s)  TX bytes:%llu (%lu.%lu %s)\n', 'NT_TX_BYTES', '0',
     lambda s: between(s, 4).split(')')[-1].strip()),
    ('          collisions:%lu ', 'NT_COLLISIONS', '0', upto_pct),
    ('txqueuelen:%d ', 'NT_TXQUEUELEN', '0', upto_pct),
    ('Interrupt:%d ', 'NT_HWINFO', '0', upto_pct),
    ('Base address:0x%x ', 'NT_HWINFO', '0', lambda s: s.split('0x')[0].strip()),
    ('Memory:%lx-%lx ', 'NT_HWINFO', '0', upto_pct),
    ('Ethernet', 'NT_HWTITLE', '1', str.strip),
    ('Local Loopback', 'NT_HWTITLE', '772', str.strip),
    ('UNSPEC', 'NT_HWTITLE', '65534', str.strip),
    ('Point-to-Point Protocol', 'NT_HWTITLE', '512', str.strip),
    ('IPIP Tunnel', 'NT_HWTITLE', '768', str.strip),
    ('IPv6-in-IPv4', 'NT_HWTITLE', '776', str.strip),
    ('Kernel IP routing table\n', 'NT_ROUTE_TITLE', '0', str.strip),
    ('Kernel Interface table\n', 'NT_IFTABLE_TITLE', '0', str.strip),
    ('Active Internet connections ', 'NT_INET_TITLE', '0', str.strip),
    ('Active UNIX domain sockets ', 'NT_UNIX_TITLE', '0', str.strip),
    ('\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ',
     'NT_LOCAL_ADDRESS', '0', lambda s: re.split(r'\s{2,}', s.split(None, 3)[3])[0]),
]
FLAGS = ['UP', 'BROADCAST', 'DEBUG', 'LOOPBACK', 'POINTOPOINT', 'NOTRAILERS', 'RUNNING', 'NOARP',
         'PROMISC', 'ALLMULTI', 'SLAVE', 'MASTER', 'MULTICAST', 'DYNAMIC']
F += [(f + ' ', 'NT_FLAG', 'IFW_IFF_' + f, str.strip) for f in FLAGS]
STATES = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
          'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING']
F += [(s, 'NT_TCP_STATE', str(i + 1), str.strip) for i, s in enumerate(STATES)]
ROUTE_HEADERS = [
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
    'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n',
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    '
    'MSS   Window irtt\n']


def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


seen = set()
for arg in sys.argv[1:]:
    lang, path = arg.split('=', 1)
    cat = parse(path)
    rows = []

    def add(key, value, word):
        # a flag or state of two words would shift the columns: such a msgstr is left out
        if not word or (lang, key, word) in seen or (
                key in ('NT_FLAG', 'NT_TCP_STATE') and ' ' in word):
            return
        seen.add((lang, key, word))
        rows.append((key, value, word))
    for msgid, key, value, cut in F:
        if msgid in cat and cat[msgid] != msgid:
            w, e = cut(cat[msgid]), cut(msgid)
            if w != e:
                add(key, value, w)
    h = ('Iface   MTU Met   RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR '
         'Flg\n')
    if h in cat and cat[h].split()[0] != 'Iface':
        add('NT_IFTABLE_IFACE', '0', cat[h].split()[0])
    for h in ROUTE_HEADERS:
        if h in cat and cat[h] != h:
            t = cat[h].split()
            for key, i in (('NT_ROUTE_DEST', 0), ('NT_ROUTE_GW', 1), ('NT_ROUTE_GENMASK', 2),
                           ('NT_ROUTE_IFACE', 7)):
                if t[i] != h.split()[i]:
                    add(key, '0', t[i])
    for key, value, word in rows:
        print('    {%s, %s, %s, %s},' % (key, value, cstr(word), cstr(lang)))
