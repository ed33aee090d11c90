# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_svcctl_global_optspecs
    string join \n registry= context= config= root= o/output= color= no-headers connect-timeout= read-only tls-ca= tls-cert= tls-key= v/verbose h/help V/version
end

function __fish_svcctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_svcctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_svcctl_using_subcommand
    set -l cmd (__fish_svcctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c svcctl -n "__fish_svcctl_needs_command" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_needs_command" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_needs_command" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_needs_command" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_needs_command" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_needs_command" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_needs_command" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_needs_command" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_needs_command" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_needs_command" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_needs_command" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_needs_command" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_needs_command" -s V -l version -d 'Print version'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "ls" -d 'List services: providers (enabled/disabled), consumers, applications'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "list" -d 'List services: providers (enabled/disabled), consumers, applications'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "show" -d 'Show one service: providers, consumers, rules and methods'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "describe" -d 'Show one service: providers, consumers, rules and methods'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "host" -d 'Every service a host provides or consumes'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "top" -d 'Live dashboard: provider churn and calls in flight per provider'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "invoke" -d 'Call a service method over the Dubbo protocol (generic invoke by default)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "call" -d 'Call a service method over the Dubbo protocol (generic invoke by default)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "bench" -d 'Load-test a method: `invoke` in load mode (200 calls unless -n or -z is given)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "disable" -d 'Stop traffic to providers (override rule, enabled=false on a static registration, or a config-center rule)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "enable" -d 'Let disabled providers receive traffic again'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "weight" -d 'Set providers\' load-balancing weight: N, xN, /N, +N or -N'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "register" -d 'Register a provider statically (persistent node, dynamic=false)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "unregister" -d 'Remove a static registration (never a live provider\'s own node)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "static" -d 'Pin a live provider: keep it registered after its process exits'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "dynamic" -d 'Remove a pin, leaving the provider\'s own live registration'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "context" -d 'Manage named registry contexts'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "completions" -d 'Print a shell completion script (registry-aware; experimental)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "generate" -d 'Write completions and man pages (for packagers)'
complete -c svcctl -n "__fish_svcctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l app -d 'Only services with a provider or consumer of this application' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l host -d 'Only services with a provider or consumer on this host (ip or ip:port)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -s w -l watch -d 'Print the list, then one line per change'
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l app -d 'Only services with a provider or consumer of this application' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l host -d 'Only services with a provider or consumer on this host (ip or ip:port)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -s w -l watch -d 'Print the list, then one line per change'
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l group -d 'Only this group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l version -d 'Only this version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -s w -l watch -d 'Print the service, then one line per change'
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l group -d 'Only this group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l version -d 'Only this version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -s w -l watch -d 'Print the service, then one line per change'
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand host" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l app -d 'Only services with a provider or consumer of this application' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l host -d 'Only services with a provider or consumer on this host (ip or ip:port)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s n -l iterations -d 'Batch mode: stop after N snapshots' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s d -l delay -d 'Refresh interval (the active-count sources are polled at this pace)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l qos-port -d 'QoS port of Dubbo 3 providers, for the metrics source [default: the context\'s, else 22222]' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l load -d 'Drive calls to SERVICE while watching: \'METHOD [JSON ARGS]\', e.g. \'getById [42]\'' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l rps -d 'With --load: calls per second in total' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s c -l concurrency -d 'With --load: calls in flight' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l lb -d 'With --load: load balancer (random, roundrobin, leastactive, shortestresponse, consistenthash)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l cluster -d 'With --load: cluster mode (failover, failfast, failsafe, forking, broadcast)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l timeout -d 'Per-call and per-probe timeout' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s b -l batch -d 'Batch mode: print the providers every interval, no keys, no full screen'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l no-probe -d 'Do not poll providers (telnet count, QoS metrics)'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand top" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s d -l data -d 'Arguments from JSON text, @FILE or @- (stdin)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l group -d 'Service group (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l version -d 'Service version (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l attachment -d 'Extra attachment sent with the call (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l timeout -d 'Per-call timeout, e.g. 3s or 300ms' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l types -d 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l provider -d 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l triple-mode -d 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service\'s tri:// providers when it has dubbo ones too' -r -f -a "auto\t''
grpc\t''
json\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l lb -d 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l cluster -d 'Cluster strategy: failover, failfast, failsafe, forking, broadcast' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l retries -d 'failover: extra attempts on other providers' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l forks -d 'forking: providers called at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s n -l requests -d 'Load mode: make N calls and print a report' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s c -l concurrency -d 'Load mode: calls in flight at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l connections -d 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo\'s `connections` reference parameter (Triple providers keep one HTTP/2 connection)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s z -l duration -d 'Load mode: run for this long (e.g. 10s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l rps -d 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l direct -d 'Force a typed (non-generic) call with the real method descriptor'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l dry-run -d 'Resolve the provider and print the encoded request; send nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l ping -d 'Liveness check with `$echo` instead of a method call'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l template -d 'Print a JSON skeleton of the method\'s arguments (from --types or the metadata report) instead of calling it'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l no-progress -l no-tui -d 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand invoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s d -l data -d 'Arguments from JSON text, @FILE or @- (stdin)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l group -d 'Service group (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l version -d 'Service version (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l attachment -d 'Extra attachment sent with the call (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l timeout -d 'Per-call timeout, e.g. 3s or 300ms' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l types -d 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l provider -d 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l triple-mode -d 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service\'s tri:// providers when it has dubbo ones too' -r -f -a "auto\t''
grpc\t''
json\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l lb -d 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l cluster -d 'Cluster strategy: failover, failfast, failsafe, forking, broadcast' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l retries -d 'failover: extra attempts on other providers' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l forks -d 'forking: providers called at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s n -l requests -d 'Load mode: make N calls and print a report' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s c -l concurrency -d 'Load mode: calls in flight at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l connections -d 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo\'s `connections` reference parameter (Triple providers keep one HTTP/2 connection)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s z -l duration -d 'Load mode: run for this long (e.g. 10s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l rps -d 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l direct -d 'Force a typed (non-generic) call with the real method descriptor'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l dry-run -d 'Resolve the provider and print the encoded request; send nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l ping -d 'Liveness check with `$echo` instead of a method call'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l template -d 'Print a JSON skeleton of the method\'s arguments (from --types or the metadata report) instead of calling it'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l no-progress -l no-tui -d 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand call" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s d -l data -d 'Arguments from JSON text, @FILE or @- (stdin)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l group -d 'Service group (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l version -d 'Service version (`*` matches any)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l attachment -d 'Extra attachment sent with the call (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l timeout -d 'Per-call timeout, e.g. 3s or 300ms' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l types -d 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l provider -d 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l triple-mode -d 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service\'s tri:// providers when it has dubbo ones too' -r -f -a "auto\t''
grpc\t''
json\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l lb -d 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l cluster -d 'Cluster strategy: failover, failfast, failsafe, forking, broadcast' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l retries -d 'failover: extra attempts on other providers' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l forks -d 'forking: providers called at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s n -l requests -d 'Load mode: make N calls and print a report' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s c -l concurrency -d 'Load mode: calls in flight at once' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l connections -d 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo\'s `connections` reference parameter (Triple providers keep one HTTP/2 connection)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s z -l duration -d 'Load mode: run for this long (e.g. 10s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l rps -d 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l direct -d 'Force a typed (non-generic) call with the real method descriptor'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l dry-run -d 'Resolve the provider and print the encoded request; send nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l ping -d 'Liveness check with `$echo` instead of a method call'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l template -d 'Print a JSON skeleton of the method\'s arguments (from --types or the metadata report) instead of calling it'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l no-progress -l no-tui -d 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l provider -d 'A provider address; without a port, every port on that host (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l host -d 'Every provider on this host, all ports (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l app -d 'Every provider of this application (combined with --provider/--host: only those)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l provider -d 'A provider address; without a port, every port on that host (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l host -d 'Every provider on this host, all ports (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l app -d 'Every provider of this application (combined with --provider/--host: only those)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l provider -d 'A provider address; without a port, every port on that host (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l host -d 'Every provider on this host, all ports (repeatable)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l app -d 'Every provider of this application (combined with --provider/--host: only those)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand weight" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l address -d 'HOST:PORT of the provider (with SERVICE: the URL is copied from a registered provider)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l param -d 'Set a URL parameter (repeatable); KEY= removes it' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l static -d 'Make a static (persistent, dynamic=false) registration; the only kind svcctl makes, since a dynamic one would vanish with svcctl\'s session'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l address -d 'HOST:PORT of the static registration to remove (with SERVICE)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand unregister" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l provider -d 'HOST:PORT of the provider' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand static" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l provider -d 'HOST:PORT of the provider' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l group -d 'Service group' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l version -d 'Service version' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l dry-run -d 'Print the plan and change nothing'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -s y -l yes -d 'Apply without asking (required when not running interactively)'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l force -d 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand dynamic" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "ls" -d 'List contexts (CURRENT marks the one in use)'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "use" -d 'Make NAME the current context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "show" -d 'Show the resolved registry settings'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "set" -d 'Add or replace a context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "delete" -d 'Remove a context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and not __fish_seen_subcommand_from ls use show set delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l server -d 'zookeeper://host:port[,host:port...][/chroot], or zookeeper+tls://... (the global --tls-ca, --tls-cert and --tls-key given with it are kept in the context)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l dubbo-root -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l digest -d 'Digest credentials user:password' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l session-timeout -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l qos-port -d 'QoS port of the context\'s Dubbo 3 providers (`top`\'s metrics source)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l readonly -d 'Mark the context read-only (mutations refused)'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List contexts (CURRENT marks the one in use)'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make NAME the current context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the resolved registry settings'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "set" -d 'Add or replace a context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Remove a context'
complete -c svcctl -n "__fish_svcctl_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l static -d 'clap\'s static script (subcommands and flags only) instead of the registration of the registry-aware completer'
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l out-dir -d 'Directory holding completions/ and man/' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l registry -d 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l context -d 'Named context from the config file' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l config -d 'Config file with contexts' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l root -d 'Dubbo root node in ZooKeeper' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -s o -l output -d 'Output format' -r -f -a "table\t'Aligned columns for people'
wide\t'Table with more columns'
json\t'One JSON document'
jsonl\t'One JSON object per line (watch events, streams)'
name\t'One name per line, for pipelines'"
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l color -d 'When to colour output (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l connect-timeout -d 'How long to wait for a ZooKeeper session, e.g. 3s' -r
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l tls-ca -d 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system\'s CA bundle)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l tls-cert -d 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l tls-key -d 'Private key (PEM) of --tls-cert' -r -F
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l no-headers -d 'Omit table headers'
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -l read-only -d 'Refuse every registry mutation'
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -s v -l verbose -d 'More detail on stderr'
complete -c svcctl -n "__fish_svcctl_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "ls" -d 'List services: providers (enabled/disabled), consumers, applications'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "show" -d 'Show one service: providers, consumers, rules and methods'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "host" -d 'Every service a host provides or consumes'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "top" -d 'Live dashboard: provider churn and calls in flight per provider'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "invoke" -d 'Call a service method over the Dubbo protocol (generic invoke by default)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "bench" -d 'Load-test a method: `invoke` in load mode (200 calls unless -n or -z is given)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "disable" -d 'Stop traffic to providers (override rule, enabled=false on a static registration, or a config-center rule)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "enable" -d 'Let disabled providers receive traffic again'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "weight" -d 'Set providers\' load-balancing weight: N, xN, /N, +N or -N'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "register" -d 'Register a provider statically (persistent node, dynamic=false)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "unregister" -d 'Remove a static registration (never a live provider\'s own node)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "static" -d 'Pin a live provider: keep it registered after its process exits'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "dynamic" -d 'Remove a pin, leaving the provider\'s own live registration'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "context" -d 'Manage named registry contexts'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "completions" -d 'Print a shell completion script (registry-aware; experimental)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "generate" -d 'Write completions and man pages (for packagers)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and not __fish_seen_subcommand_from ls show host top invoke bench disable enable weight register unregister static dynamic context completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "ls" -d 'List contexts (CURRENT marks the one in use)'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "use" -d 'Make NAME the current context'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show" -d 'Show the resolved registry settings'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "set" -d 'Add or replace a context'
complete -c svcctl -n "__fish_svcctl_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "delete" -d 'Remove a context'
