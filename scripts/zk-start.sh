#!/usr/bin/env bash
# Starts a throwaway standalone ZooKeeper (Debian's zookeeper package) on 127.0.0.1.
# usage: scripts/zk-start.sh PORT DIR   -> prints the pid; logs in DIR/zk.log
# ZK_HEAP (default 512m) sets the JVM heap: the benchmarks' 100,000-provider trees want more.
# ZK_SECURE_PORT adds a TLS port (Netty connection factory) next to the plain one, with
# ZK_TLS_DIR/server-keystore.pem and ZK_TLS_DIR/ca.pem (see scripts/tls-certs.sh) and
# ssl.clientAuth=${ZK_CLIENT_AUTH:-none}.
set -euo pipefail
PORT=${1:?port}; DIR=${2:?dir}
mkdir -p "$DIR/data"
cat > "$DIR/zoo.cfg" <<CFG
tickTime=2000
dataDir=$DIR/data
clientPort=$PORT
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=*
CFG
if [ -n "${ZK_SECURE_PORT:-}" ]; then
  TLS=${ZK_TLS_DIR:?ZK_TLS_DIR with server-keystore.pem and ca.pem}
  cat >> "$DIR/zoo.cfg" <<CFG
secureClientPort=$ZK_SECURE_PORT
secureClientPortAddress=127.0.0.1
serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
ssl.keyStore.location=$TLS/server-keystore.pem
ssl.keyStore.type=PEM
ssl.trustStore.location=$TLS/ca.pem
ssl.trustStore.type=PEM
ssl.clientAuth=${ZK_CLIENT_AUTH:-none}
CFG
fi
cat > "$DIR/log4j.properties" <<'CFG'
log4j.rootLogger=WARN,CONSOLE
log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1} - %m%n
CFG
# Debian's zookeeper.jar names netty-handler and netty-transport in its Class-Path, not netty-codec
# and netty-resolver, which the Netty connection factory (the TLS port) loads.
java -Xmx"${ZK_HEAP:-512m}" -XX:+UseSerialGC \
  -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar:/usr/share/java/netty-codec.jar:/usr/share/java/netty-resolver.jar \
  -Dlog4j.configuration="file:$DIR/log4j.properties" \
  -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist='*' \
  org.apache.zookeeper.server.ZooKeeperServerMain "$DIR/zoo.cfg" > "$DIR/zk.log" 2>&1 &
PID=$!
echo "$PID" > "$DIR/zk.pid"
for _ in $(seq 1 400); do
  if R=$( (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf ruok >&3 && timeout 1 cat <&3) 2>/dev/null ) && [ "$R" = imok ] &&
     { [ -z "${ZK_SECURE_PORT:-}" ] || (exec 3<>"/dev/tcp/127.0.0.1/$ZK_SECURE_PORT") 2>/dev/null; }; then
    echo "$PID"; exit 0
  fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.05
done
echo "zookeeper did not come up on 127.0.0.1:$PORT; see $DIR/zk.log" >&2
exit 1
