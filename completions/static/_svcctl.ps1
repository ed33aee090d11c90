
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'svcctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'svcctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'svcctl' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List services: providers (enabled/disabled), consumers, applications')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List services: providers (enabled/disabled), consumers, applications')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one service: providers, consumers, rules and methods')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show one service: providers, consumers, rules and methods')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Every service a host provides or consumes')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Live dashboard: provider churn and calls in flight per provider')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Call a service method over the Dubbo protocol (generic invoke by default)')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'Call a service method over the Dubbo protocol (generic invoke by default)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test a method: `invoke` in load mode (200 calls unless -n or -z is given)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop traffic to providers (override rule, enabled=false on a static registration, or a config-center rule)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let disabled providers receive traffic again')
            [CompletionResult]::new('weight', 'weight', [CompletionResultType]::ParameterValue, 'Set providers'' load-balancing weight: N, xN, /N, +N or -N')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a provider statically (persistent node, dynamic=false)')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Remove a static registration (never a live provider''s own node)')
            [CompletionResult]::new('static', 'static', [CompletionResultType]::ParameterValue, 'Pin a live provider: keep it registered after its process exits')
            [CompletionResult]::new('dynamic', 'dynamic', [CompletionResultType]::ParameterValue, 'Remove a pin, leaving the provider''s own live registration')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Manage named registry contexts')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (registry-aware; experimental)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;ls' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer of this application')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer on this host (ip or ip:port)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Print the list, then one line per change')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Print the list, then one line per change')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;list' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer of this application')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer on this host (ip or ip:port)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Print the list, then one line per change')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Print the list, then one line per change')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;show' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only this version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Print the service, then one line per change')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Print the service, then one line per change')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;describe' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only this version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Print the service, then one line per change')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Print the service, then one line per change')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;host' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;top' {
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer of this application')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Only services with a provider or consumer on this host (ip or ip:port)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Batch mode: stop after N snapshots')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'Batch mode: stop after N snapshots')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Refresh interval (the active-count sources are polled at this pace)')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Refresh interval (the active-count sources are polled at this pace)')
            [CompletionResult]::new('--qos-port', '--qos-port', [CompletionResultType]::ParameterName, 'QoS port of Dubbo 3 providers, for the metrics source [default: the context''s, else 22222]')
            [CompletionResult]::new('--load', '--load', [CompletionResultType]::ParameterName, 'Drive calls to SERVICE while watching: ''METHOD [JSON ARGS]'', e.g. ''getById [42]''')
            [CompletionResult]::new('--rps', '--rps', [CompletionResultType]::ParameterName, 'With --load: calls per second in total')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'With --load: calls in flight')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'With --load: calls in flight')
            [CompletionResult]::new('--lb', '--lb', [CompletionResultType]::ParameterName, 'With --load: load balancer (random, roundrobin, leastactive, shortestresponse, consistenthash)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'With --load: cluster mode (failover, failfast, failsafe, forking, broadcast)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-call and per-probe timeout')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Batch mode: print the providers every interval, no keys, no full screen')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Batch mode: print the providers every interval, no keys, no full screen')
            [CompletionResult]::new('--no-probe', '--no-probe', [CompletionResultType]::ParameterName, 'Do not poll providers (telnet count, QoS metrics)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;invoke' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group (`*` matches any)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version (`*` matches any)')
            [CompletionResult]::new('--attachment', '--attachment', [CompletionResultType]::ParameterName, 'Extra attachment sent with the call (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-call timeout, e.g. 3s or 300ms')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it')
            [CompletionResult]::new('--triple-mode', '--triple-mode', [CompletionResultType]::ParameterName, 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service''s tri:// providers when it has dubbo ones too')
            [CompletionResult]::new('--lb', '--lb', [CompletionResultType]::ParameterName, 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Cluster strategy: failover, failfast, failsafe, forking, broadcast')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'failover: extra attempts on other providers')
            [CompletionResult]::new('--forks', '--forks', [CompletionResultType]::ParameterName, 'forking: providers called at once')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo''s `connections` reference parameter (Triple providers keep one HTTP/2 connection)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--rps', '--rps', [CompletionResultType]::ParameterName, 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Force a typed (non-generic) call with the real method descriptor')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Resolve the provider and print the encoded request; send nothing')
            [CompletionResult]::new('--ping', '--ping', [CompletionResultType]::ParameterName, 'Liveness check with `$echo` instead of a method call')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Print a JSON skeleton of the method''s arguments (from --types or the metadata report) instead of calling it')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-tui', '--no-tui', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;call' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group (`*` matches any)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version (`*` matches any)')
            [CompletionResult]::new('--attachment', '--attachment', [CompletionResultType]::ParameterName, 'Extra attachment sent with the call (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-call timeout, e.g. 3s or 300ms')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it')
            [CompletionResult]::new('--triple-mode', '--triple-mode', [CompletionResultType]::ParameterName, 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service''s tri:// providers when it has dubbo ones too')
            [CompletionResult]::new('--lb', '--lb', [CompletionResultType]::ParameterName, 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Cluster strategy: failover, failfast, failsafe, forking, broadcast')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'failover: extra attempts on other providers')
            [CompletionResult]::new('--forks', '--forks', [CompletionResultType]::ParameterName, 'forking: providers called at once')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo''s `connections` reference parameter (Triple providers keep one HTTP/2 connection)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--rps', '--rps', [CompletionResultType]::ParameterName, 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Force a typed (non-generic) call with the real method descriptor')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Resolve the provider and print the encoded request; send nothing')
            [CompletionResult]::new('--ping', '--ping', [CompletionResultType]::ParameterName, 'Liveness check with `$echo` instead of a method call')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Print a JSON skeleton of the method''s arguments (from --types or the metadata report) instead of calling it')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-tui', '--no-tui', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;bench' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Arguments from JSON text, @FILE or @- (stdin)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group (`*` matches any)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version (`*` matches any)')
            [CompletionResult]::new('--attachment', '--attachment', [CompletionResultType]::ParameterName, 'Extra attachment sent with the call (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-call timeout, e.g. 3s or 300ms')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Call this provider directly, without the registry: HOST:PORT, or a provider URL (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it')
            [CompletionResult]::new('--triple-mode', '--triple-mode', [CompletionResultType]::ParameterName, 'Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it), grpc or json. Also calls only a service''s tri:// providers when it has dubbo ones too')
            [CompletionResult]::new('--lb', '--lb', [CompletionResultType]::ParameterName, 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Cluster strategy: failover, failfast, failsafe, forking, broadcast')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'failover: extra attempts on other providers')
            [CompletionResult]::new('--forks', '--forks', [CompletionResultType]::ParameterName, 'forking: providers called at once')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Load mode: make N calls and print a report')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: calls in flight at once')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Load mode: dubbo connections to each provider, calls taken over them in turn, as with Dubbo''s `connections` reference parameter (Triple providers keep one HTTP/2 connection)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Load mode: run for this long (e.g. 10s)')
            [CompletionResult]::new('--rps', '--rps', [CompletionResultType]::ParameterName, 'Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Force a typed (non-generic) call with the real method descriptor')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Resolve the provider and print the encoded request; send nothing')
            [CompletionResult]::new('--ping', '--ping', [CompletionResultType]::ParameterName, 'Liveness check with `$echo` instead of a method call')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Print a JSON skeleton of the method''s arguments (from --types or the metadata report) instead of calling it')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-tui', '--no-tui', [CompletionResultType]::ParameterName, 'Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;disable' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A provider address; without a port, every port on that host (repeatable)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Every provider on this host, all ports (repeatable)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Every provider of this application (combined with --provider/--host: only those)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;enable' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A provider address; without a port, every port on that host (repeatable)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Every provider on this host, all ports (repeatable)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Every provider of this application (combined with --provider/--host: only those)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;weight' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'A provider address; without a port, every port on that host (repeatable)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Every provider on this host, all ports (repeatable)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Every provider of this application (combined with --provider/--host: only those)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;register' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'HOST:PORT of the provider (with SERVICE: the URL is copied from a registered provider)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Set a URL parameter (repeatable); KEY= removes it')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--static', '--static', [CompletionResultType]::ParameterName, 'Make a static (persistent, dynamic=false) registration; the only kind svcctl makes, since a dynamic one would vanish with svcctl''s session')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;unregister' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'HOST:PORT of the static registration to remove (with SERVICE)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;static' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'HOST:PORT of the provider')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;dynamic' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'HOST:PORT of the provider')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Service group')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Service version')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without asking (required when not running interactively)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (CURRENT marks the one in use)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the resolved registry settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Add or replace a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;context;ls' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context;use' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context;show' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context;set' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'zookeeper://host:port[,host:port...][/chroot], or zookeeper+tls://... (the global --tls-ca, --tls-cert and --tls-key given with it are kept in the context)')
            [CompletionResult]::new('--dubbo-root', '--dubbo-root', [CompletionResultType]::ParameterName, 'dubbo-root')
            [CompletionResult]::new('--digest', '--digest', [CompletionResultType]::ParameterName, 'Digest credentials user:password')
            [CompletionResult]::new('--session-timeout', '--session-timeout', [CompletionResultType]::ParameterName, 'session-timeout')
            [CompletionResult]::new('--qos-port', '--qos-port', [CompletionResultType]::ParameterName, 'QoS port of the context''s Dubbo 3 providers (`top`''s metrics source)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--readonly', '--readonly', [CompletionResultType]::ParameterName, 'Mark the context read-only (mutations refused)')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context;delete' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;context;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (CURRENT marks the one in use)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the resolved registry settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Add or replace a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a context')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;context;help;ls' {
            break
        }
        'svcctl;context;help;use' {
            break
        }
        'svcctl;context;help;show' {
            break
        }
        'svcctl;context;help;set' {
            break
        }
        'svcctl;context;help;delete' {
            break
        }
        'svcctl;context;help;help' {
            break
        }
        'svcctl;completions' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--static', '--static', [CompletionResultType]::ParameterName, 'clap''s static script (subcommands and flags only) instead of the registration of the registry-aware completer')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;generate' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory holding completions/ and man/')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named context from the config file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file with contexts')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Dubbo root node in ZooKeeper')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a ZooKeeper session, e.g. 3s')
            [CompletionResult]::new('--tls-ca', '--tls-ca', [CompletionResultType]::ParameterName, 'TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as zookeeper+tls:// does; without it TLS trusts the system''s CA bundle)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Private key (PEM) of --tls-cert')
            [CompletionResult]::new('--no-headers', '--no-headers', [CompletionResultType]::ParameterName, 'Omit table headers')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Refuse every registry mutation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'svcctl;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List services: providers (enabled/disabled), consumers, applications')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one service: providers, consumers, rules and methods')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Every service a host provides or consumes')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Live dashboard: provider churn and calls in flight per provider')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Call a service method over the Dubbo protocol (generic invoke by default)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test a method: `invoke` in load mode (200 calls unless -n or -z is given)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop traffic to providers (override rule, enabled=false on a static registration, or a config-center rule)')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let disabled providers receive traffic again')
            [CompletionResult]::new('weight', 'weight', [CompletionResultType]::ParameterValue, 'Set providers'' load-balancing weight: N, xN, /N, +N or -N')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a provider statically (persistent node, dynamic=false)')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Remove a static registration (never a live provider''s own node)')
            [CompletionResult]::new('static', 'static', [CompletionResultType]::ParameterValue, 'Pin a live provider: keep it registered after its process exits')
            [CompletionResult]::new('dynamic', 'dynamic', [CompletionResultType]::ParameterValue, 'Remove a pin, leaving the provider''s own live registration')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Manage named registry contexts')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (registry-aware; experimental)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'svcctl;help;ls' {
            break
        }
        'svcctl;help;show' {
            break
        }
        'svcctl;help;host' {
            break
        }
        'svcctl;help;top' {
            break
        }
        'svcctl;help;invoke' {
            break
        }
        'svcctl;help;bench' {
            break
        }
        'svcctl;help;disable' {
            break
        }
        'svcctl;help;enable' {
            break
        }
        'svcctl;help;weight' {
            break
        }
        'svcctl;help;register' {
            break
        }
        'svcctl;help;unregister' {
            break
        }
        'svcctl;help;static' {
            break
        }
        'svcctl;help;dynamic' {
            break
        }
        'svcctl;help;context' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List contexts (CURRENT marks the one in use)')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the resolved registry settings')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Add or replace a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a context')
            break
        }
        'svcctl;help;context;ls' {
            break
        }
        'svcctl;help;context;use' {
            break
        }
        'svcctl;help;context;show' {
            break
        }
        'svcctl;help;context;set' {
            break
        }
        'svcctl;help;context;delete' {
            break
        }
        'svcctl;help;completions' {
            break
        }
        'svcctl;help;generate' {
            break
        }
        'svcctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
