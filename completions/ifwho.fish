# fish completion for ifwho(1) and ifwho-collect(1). Interface names are read live from
# `ip -o link` (in the namespace given with --netns, if any), namespace names from
# `ip netns list`.

function __ifwho_netns
    printf '%s\n' all host
    ip netns list 2>/dev/null | string replace -r ' .*' ''
end

function __ifwho_ifaces
    set -l ns
    set -l tokens (commandline -opc)
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case -n --netns
                set ns $tokens[(math $i + 1)]
            case '--netns=*'
                set ns (string replace -- '--netns=' '' $tokens[$i])
        end
    end
    begin
        if test -n "$ns"; and test "$ns" != all; and test "$ns" != host
            ip -n $ns -o link show 2>/dev/null
        else
            ip -o link show 2>/dev/null
            if test "$ns" != host
                for n in (ip netns list 2>/dev/null | string replace -r ' .*' '')
                    ip -n $n -o link show 2>/dev/null
                end
            end
        end
    end | string replace -r '^[0-9]+: ([^:@]+).*' '$1' | sort -u
end

complete -c ifwho -f
complete -c ifwho -n 'not __fish_seen_subcommand_from ip' -a '(__ifwho_ifaces)' -d interface
complete -c ifwho -n __fish_is_first_arg -a ip -d 'who owns these addresses'
complete -c ifwho -s n -l netns -x -a '(__ifwho_netns)' -d 'only this namespace'
complete -c ifwho -s j -l json -d 'JSON output'
complete -c ifwho -l format -x -a 'text json dot svg html' -d 'output format'
complete -c ifwho -s w -l why -d 'every finding and the rule behind it'
complete -c ifwho -s s -l sample -x -d 'capture and classify SECS seconds of traffic'
complete -c ifwho -l underlay -d "also sample the tunnel's outer side"
complete -c ifwho -l pcap -r -F -d 'classify a capture file'
complete -c ifwho -l write -r -F -d 'keep the sample as a pcap file'
complete -c ifwho -s e -l evidence -r -F -d 'explain saved command output'
complete -c ifwho -l ipdb -r -F -d 'also look addresses up in a database'
complete -c ifwho -l online -d 'also ask the registries (RDAP)'
complete -c ifwho -l no-daemons -d 'do not ask tunnel daemons about their far ends'
complete -c ifwho -l user -x -a '(__fish_complete_users)' -d 'with --sample as root, run as this user'
complete -c ifwho -l record-netlink -r -F -d 'save raw netlink replies in DIR'
complete -c ifwho -s b -l brief -d 'one line per interface'
complete -c ifwho -l kind -x -a 'veth tun bridge vxlan macvlan vlan wireguard physical loopback' -d 'only interfaces of this kind'
complete -c ifwho -l unexplained -d 'only interfaces whose verdict is weak or unknown'
complete -c ifwho -l color -x -a 'auto always never' -d 'when to use colour'
complete -c ifwho -s h -l help -d 'options and data directories'
complete -c ifwho -s V -l version -d 'version and data in use'

complete -c ifwho-collect -f
complete -c ifwho-collect -s o -r -F -d 'write to this file'
complete -c ifwho-collect -s t -x -d 'time limit per command (seconds)'
