
use builtin;
use str;

set edit:completion:arg-completer[svcctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'svcctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'svcctl'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List services: providers (enabled/disabled), consumers, applications'
            cand list 'List services: providers (enabled/disabled), consumers, applications'
            cand show 'Show one service: providers, consumers, rules and methods'
            cand describe 'Show one service: providers, consumers, rules and methods'
            cand host 'Every service a host provides or consumes'
            cand invoke 'Call a service method over the Dubbo protocol (generic invoke by default)'
            cand call 'Call a service method over the Dubbo protocol (generic invoke by default)'
            cand context 'Manage named registry contexts'
            cand completions 'Print a shell completion script'
            cand generate 'Write completions and man pages (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;ls'= {
            cand --app 'Only services with a provider or consumer of this application'
            cand --host 'Only services with a provider or consumer on this host (ip or ip:port)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand -w 'Print the list, then one line per change'
            cand --watch 'Print the list, then one line per change'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;list'= {
            cand --app 'Only services with a provider or consumer of this application'
            cand --host 'Only services with a provider or consumer on this host (ip or ip:port)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand -w 'Print the list, then one line per change'
            cand --watch 'Print the list, then one line per change'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;show'= {
            cand --group 'Only this group'
            cand --version 'Only this version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand -w 'Print the service, then one line per change'
            cand --watch 'Print the service, then one line per change'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;describe'= {
            cand --group 'Only this group'
            cand --version 'Only this version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand -w 'Print the service, then one line per change'
            cand --watch 'Print the service, then one line per change'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;host'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;invoke'= {
            cand -d 'Arguments from JSON text, @FILE or @- (stdin)'
            cand --data 'Arguments from JSON text, @FILE or @- (stdin)'
            cand --group 'Service group (`*` matches any)'
            cand --version 'Service version (`*` matches any)'
            cand --attachment 'Extra attachment sent with the call (repeatable)'
            cand --timeout 'Per-call timeout, e.g. 3s or 300ms'
            cand --types 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload'
            cand --provider 'Call this provider directly, without the registry'
            cand --lb 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash'
            cand --cluster 'Cluster strategy: failover, failfast, failsafe, forking, broadcast'
            cand --retries 'failover: extra attempts on other providers'
            cand --forks 'forking: providers called at once'
            cand -n 'Load mode: make N calls and print a report'
            cand --requests 'Load mode: make N calls and print a report'
            cand -c 'Load mode: calls in flight at once'
            cand --concurrency 'Load mode: calls in flight at once'
            cand -z 'Load mode: run for this long (e.g. 10s)'
            cand --duration 'Load mode: run for this long (e.g. 10s)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --direct 'Force a typed (non-generic) call with the real method descriptor'
            cand --dry-run 'Resolve the provider and print the encoded request; send nothing'
            cand --ping 'Liveness check with `$echo` instead of a method call'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;call'= {
            cand -d 'Arguments from JSON text, @FILE or @- (stdin)'
            cand --data 'Arguments from JSON text, @FILE or @- (stdin)'
            cand --group 'Service group (`*` matches any)'
            cand --version 'Service version (`*` matches any)'
            cand --attachment 'Extra attachment sent with the call (repeatable)'
            cand --timeout 'Per-call timeout, e.g. 3s or 300ms'
            cand --types 'Parameter types, comma separated (e.g. long,java.lang.String); picks an overload'
            cand --provider 'Call this provider directly, without the registry'
            cand --lb 'Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash'
            cand --cluster 'Cluster strategy: failover, failfast, failsafe, forking, broadcast'
            cand --retries 'failover: extra attempts on other providers'
            cand --forks 'forking: providers called at once'
            cand -n 'Load mode: make N calls and print a report'
            cand --requests 'Load mode: make N calls and print a report'
            cand -c 'Load mode: calls in flight at once'
            cand --concurrency 'Load mode: calls in flight at once'
            cand -z 'Load mode: run for this long (e.g. 10s)'
            cand --duration 'Load mode: run for this long (e.g. 10s)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --direct 'Force a typed (non-generic) call with the real method descriptor'
            cand --dry-run 'Resolve the provider and print the encoded request; send nothing'
            cand --ping 'Liveness check with `$echo` instead of a method call'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand ls 'List contexts (CURRENT marks the one in use)'
            cand use 'Make NAME the current context'
            cand show 'Show the resolved registry settings'
            cand set 'Add or replace a context'
            cand delete 'Remove a context'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;context;ls'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context;use'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context;show'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context;set'= {
            cand --server 'zookeeper://host:port[,host:port...][/chroot]'
            cand --dubbo-root 'dubbo-root'
            cand --digest 'Digest credentials user:password'
            cand --session-timeout 'session-timeout'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --readonly 'Mark the context read-only (mutations refused)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context;delete'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;context;help'= {
            cand ls 'List contexts (CURRENT marks the one in use)'
            cand use 'Make NAME the current context'
            cand show 'Show the resolved registry settings'
            cand set 'Add or replace a context'
            cand delete 'Remove a context'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;context;help;ls'= {
        }
        &'svcctl;context;help;use'= {
        }
        &'svcctl;context;help;show'= {
        }
        &'svcctl;context;help;set'= {
        }
        &'svcctl;context;help;delete'= {
        }
        &'svcctl;context;help;help'= {
        }
        &'svcctl;completions'= {
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;generate'= {
            cand --out-dir 'Directory holding completions/ and man/'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;help'= {
            cand ls 'List services: providers (enabled/disabled), consumers, applications'
            cand show 'Show one service: providers, consumers, rules and methods'
            cand host 'Every service a host provides or consumes'
            cand invoke 'Call a service method over the Dubbo protocol (generic invoke by default)'
            cand context 'Manage named registry contexts'
            cand completions 'Print a shell completion script'
            cand generate 'Write completions and man pages (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'svcctl;help;ls'= {
        }
        &'svcctl;help;show'= {
        }
        &'svcctl;help;host'= {
        }
        &'svcctl;help;invoke'= {
        }
        &'svcctl;help;context'= {
            cand ls 'List contexts (CURRENT marks the one in use)'
            cand use 'Make NAME the current context'
            cand show 'Show the resolved registry settings'
            cand set 'Add or replace a context'
            cand delete 'Remove a context'
        }
        &'svcctl;help;context;ls'= {
        }
        &'svcctl;help;context;use'= {
        }
        &'svcctl;help;context;show'= {
        }
        &'svcctl;help;context;set'= {
        }
        &'svcctl;help;context;delete'= {
        }
        &'svcctl;help;completions'= {
        }
        &'svcctl;help;generate'= {
        }
        &'svcctl;help;help'= {
        }
    ]
    $completions[$command]
}
