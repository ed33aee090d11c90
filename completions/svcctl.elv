
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
            cand disable 'Stop traffic to providers (override rule, or enabled=false on a static registration)'
            cand enable 'Let disabled providers receive traffic again'
            cand weight 'Set providers'' load-balancing weight: N, xN, /N, +N or -N'
            cand register 'Register a provider statically (persistent node, dynamic=false)'
            cand unregister 'Remove a static registration (never a live provider''s own node)'
            cand static 'Pin a live provider: keep it registered after its process exits'
            cand dynamic 'Remove a pin, leaving the provider''s own live registration'
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
        &'svcctl;disable'= {
            cand --group 'Service group'
            cand --version 'Service version'
            cand --provider 'A provider address; without a port, every port on that host (repeatable)'
            cand --host 'Every provider on this host, all ports (repeatable)'
            cand --app 'Every provider of this application (combined with --provider/--host: only those)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;enable'= {
            cand --group 'Service group'
            cand --version 'Service version'
            cand --provider 'A provider address; without a port, every port on that host (repeatable)'
            cand --host 'Every provider on this host, all ports (repeatable)'
            cand --app 'Every provider of this application (combined with --provider/--host: only those)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;weight'= {
            cand --group 'Service group'
            cand --version 'Service version'
            cand --provider 'A provider address; without a port, every port on that host (repeatable)'
            cand --host 'Every provider on this host, all ports (repeatable)'
            cand --app 'Every provider of this application (combined with --provider/--host: only those)'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;register'= {
            cand --address 'HOST:PORT of the provider (with SERVICE: the URL is copied from a registered provider)'
            cand --param 'Set a URL parameter (repeatable); KEY= removes it'
            cand --group 'Service group'
            cand --version 'Service version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --static 'Make a static (persistent, dynamic=false) registration; the only kind svcctl makes, since a dynamic one would vanish with svcctl''s session'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;unregister'= {
            cand --address 'HOST:PORT of the static registration to remove'
            cand --group 'Service group'
            cand --version 'Service version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;static'= {
            cand --provider 'HOST:PORT of the provider'
            cand --group 'Service group'
            cand --version 'Service version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
            cand --no-headers 'Omit table headers'
            cand --read-only 'Refuse every registry mutation'
            cand -v 'More detail on stderr'
            cand --verbose 'More detail on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'svcctl;dynamic'= {
            cand --provider 'HOST:PORT of the provider'
            cand --group 'Service group'
            cand --version 'Service version'
            cand --registry 'Registry address: zookeeper://host:port[,host:port...][/chroot]'
            cand --context 'Named context from the config file'
            cand --config 'Config file with contexts'
            cand --root 'Dubbo root node in ZooKeeper'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to colour output (NO_COLOR is honoured by `auto`)'
            cand --connect-timeout 'How long to wait for a ZooKeeper session, e.g. 3s'
            cand --dry-run 'Print the plan and change nothing'
            cand -y 'Apply without asking (required when not running interactively)'
            cand --yes 'Apply without asking (required when not running interactively)'
            cand --force 'Go ahead even when a safety rail refuses (e.g. the last enabled provider)'
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
            cand disable 'Stop traffic to providers (override rule, or enabled=false on a static registration)'
            cand enable 'Let disabled providers receive traffic again'
            cand weight 'Set providers'' load-balancing weight: N, xN, /N, +N or -N'
            cand register 'Register a provider statically (persistent node, dynamic=false)'
            cand unregister 'Remove a static registration (never a live provider''s own node)'
            cand static 'Pin a live provider: keep it registered after its process exits'
            cand dynamic 'Remove a pin, leaving the provider''s own live registration'
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
        &'svcctl;help;disable'= {
        }
        &'svcctl;help;enable'= {
        }
        &'svcctl;help;weight'= {
        }
        &'svcctl;help;register'= {
        }
        &'svcctl;help;unregister'= {
        }
        &'svcctl;help;static'= {
        }
        &'svcctl;help;dynamic'= {
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
