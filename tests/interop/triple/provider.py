"""A dubbo-python (apache-dubbo 3.0.0b1) Triple provider for svcctl's tests.

Usage: provider.py ZK_HOST:PORT PORT SERVICE

Registers SERVICE in ZooKeeper as tri://127.0.0.1:PORT?service=SERVICE and serves, with JSON
in and out (the request is the JSON argument array):
  greet([name])     -> "hello, <name>"
  echo(args)        -> args
  fail([message])   -> raises, so the reply is grpc-status 13
  slow([seconds])   -> sleeps, then "slept"
Prints "ready PORT" once exported. Logs only at CRITICAL unless PROVIDER_LOG_LEVEL says
otherwise (the tests make it fail on purpose; PROVIDER_LOG_LEVEL=INFO shows every call).
"""

import json
import os
import signal
import sys
import time

import dubbo
from dubbo.configs import LoggerConfig, RegistryConfig, ServiceConfig
from dubbo.proxy.handlers import RpcMethodHandler, RpcServiceHandler


def greet(args):
    return "hello, " + str(args[0] if args else "nobody")


def echo(args):
    return args


def fail(args):
    raise RuntimeError(args[0] if args else "boom")


def slow(args):
    time.sleep(float(args[0]) if args else 5.0)
    return "slept"


def main():
    zk, port, service = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    # The server's threads are not daemons: without this, SIGTERM would leave it running.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    handlers = [
        RpcMethodHandler.unary(
            fn,
            method_name=fn.__name__,
            request_deserializer=lambda b: json.loads(b),
            response_serializer=lambda o: json.dumps(o).encode(),
        )
        for fn in (greet, echo, fail, slow)
    ]
    handler = RpcServiceHandler(service_name=service, method_handlers=handlers)
    registry = RegistryConfig.from_url("zookeeper://" + zk)
    logger = LoggerConfig(level=os.environ.get("PROVIDER_LOG_LEVEL", "CRITICAL"))
    app = dubbo.Dubbo(registry_config=registry, logger_config=logger)
    server = app.create_server(ServiceConfig(handler, host="127.0.0.1", port=port))
    server.start()
    print(f"ready {port}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
