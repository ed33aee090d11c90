// A dubbo-js (@apachedubbo/dubbo-node 3.0.0-alpha) Triple provider for svcctl's tests, on an
// HTTP/2 cleartext server bound to 127.0.0.1. No code generation: every method takes and returns
// google.protobuf.Value, so the request and the result are any JSON.
//
// Usage: node provider.js PORT [json-only | http1]
//   com.example.JsGreeter          greet([name]) -> "hi <name>", echo(args) -> args,
//                                  fail([message]) -> DubboError NOT_FOUND, crash() -> thrown Error
//   com.example.JsGreeter v2.0.0   greet([name]) -> "v2 hi <name>"
// json-only: the gRPC protocols are off, so gRPC framing is refused (the JSON form must be used).
// http1: an HTTP/1.1 server (no HTTP/2 at all), where only the unary JSON form can work.
// It registers nowhere: tests write its provider node. Prints "ready PORT" once listening.
"use strict";
const http2 = require("http2");
const { Value, MethodKind } = require("@bufbuild/protobuf");
const { DubboError, Code } = require("@apachedubbo/dubbo");
const { dubboNodeAdapter } = require("@apachedubbo/dubbo-node");

const unary = (name) => ({ name, I: Value, O: Value, kind: MethodKind.Unary });
const Greeter = {
  typeName: "com.example.JsGreeter",
  methods: { greet: unary("greet"), echo: unary("echo"), fail: unary("fail"), crash: unary("crash") },
};
const args = (req) => {
  const j = req.toJson();
  return Array.isArray(j) ? j : [j];
};

const port = Number(process.argv[2]);
const jsonOnly = process.argv[3] === "json-only";
const http1 = process.argv[3] === "http1";
const protocols = jsonOnly ? { grpc: false, grpcWeb: false } : {};

const handler = dubboNodeAdapter({
  ...protocols,
  routes(router) {
    router.service(
      Greeter,
      {
        greet: (req) => Value.fromJson("hi " + args(req)[0]),
        echo: (req) => Value.fromJson(args(req)),
        fail: (req) => {
          throw new DubboError(String(args(req)[0] || "nothing here"), Code.NotFound);
        },
        crash: () => {
          throw new Error("js crash");
        },
      },
      protocols,
    );
    router.service(
      { typeName: Greeter.typeName, methods: { greet: unary("greet") } },
      { greet: (req) => Value.fromJson("v2 hi " + args(req)[0]) },
      { ...protocols, serviceVersion: "2.0.0" },
    );
  },
});

const server = http1 ? require("http").createServer(handler) : http2.createServer(handler);
server.listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
process.on("SIGTERM", () => process.exit(0));
