// A Dubbo-shaped Java consumer for the load benchmark (benches/invoke.rs, section (e)).
// LoadConsumer is the leanest JVM client we could write: one pre-encoded request body, two
// threads, no futures. This one does the per-call work of Dubbo 2.7's synchronous consumer path,
// on the libraries that path runs on (Netty 4.1 NIO, Caucho Hessian 2; both from Debian):
// - C caller threads, each waiting for its own call's reply, as a sync Dubbo invoke does;
// - per call: a new invocation (arguments, attachments map), a request id, a future in a shared
//   map with its timeout on a HashedWheelTimer (DefaultFuture), then writeAndFlush, which hands
//   the request to the event loop (NettyChannel.send);
// - on the event loop: the request encoded into a pooled buffer (16-byte header, Hessian 2 body
//   in DubboCodec's order, through a per-thread Hessian2Output as Hessian2ObjectOutput keeps);
//   replies framed by a ByteToMessageDecoder, the future completed and its timeout cancelled;
// - back on the caller thread, the reply decoded as the method's return type (2.7.5 and later
//   decode there, not on the event loop).
// Left out: the proxy, filter chain, cluster invoker, URL parameter lookups and RpcContext, so a
// real Dubbo consumer does more than this per call.
//
// usage: java -cp <netty jars>:hessian.jar:. NettyConsumer HOST PORT N C ID
// Warms up with N/2 calls, then times N calls with C in flight and prints one JSON line, the
// fields of LoadConsumer's with client "java+netty".

import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.Hessian2Output;
import com.example.User;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

public class NettyConsumer {
    static final String SERVICE = "com.example.UserService";
    static final String VERSION = "1.0.0";
    static final int TIMEOUT_MS = 10000;

    static final class Invocation {
        final String method;
        final String parameterDesc;
        final Object[] arguments;
        final Map<String, String> attachments;

        Invocation(String method, String parameterDesc, Object[] arguments, Map<String, String> attachments) {
            this.method = method;
            this.parameterDesc = parameterDesc;
            this.arguments = arguments;
            this.attachments = attachments;
        }
    }

    static final class Request {
        final long id;
        final Invocation invocation;

        Request(long id, Invocation invocation) {
            this.id = id;
            this.invocation = invocation;
        }
    }

    static final class Response {
        final long id;
        final byte status;
        final byte[] body;

        Response(long id, byte status, byte[] body) {
            this.id = id;
            this.status = status;
            this.body = body;
        }
    }

    static final class PendingCall {
        final CompletableFuture<Response> future = new CompletableFuture<>();
        Timeout timeout;
    }

    static final ConcurrentHashMap<Long, PendingCall> FUTURES = new ConcurrentHashMap<>();
    static final AtomicLong IDS = new AtomicLong();
    // Dubbo 2.7's DefaultFuture checks timeouts on a HashedWheelTimer with a 30 ms tick.
    static final HashedWheelTimer TIMER = new HashedWheelTimer(r -> {
        Thread t = new Thread(r, "dubbo-future-timeout");
        t.setDaemon(true);
        return t;
    }, 30, TimeUnit.MILLISECONDS);

    static final class Encoder extends MessageToByteEncoder<Request> {
        // One per channel, so one per event-loop thread, as Hessian2ObjectOutput's thread local.
        final Hessian2Output h = new Hessian2Output(null);

        @Override
        protected void encode(ChannelHandlerContext ctx, Request req, ByteBuf out) throws Exception {
            int start = out.writerIndex();
            out.writeZero(16);
            h.init(new ByteBufOutputStream(out));
            Invocation inv = req.invocation;
            h.writeString("2.0.2");
            h.writeString(inv.attachments.get("path"));
            h.writeString(inv.attachments.get("version"));
            h.writeString(inv.method);
            h.writeString(inv.parameterDesc);
            for (Object arg : inv.arguments) h.writeObject(arg);
            h.writeObject(inv.attachments);
            h.flush();
            int len = out.writerIndex() - start - 16;
            out.setShort(start, 0xdabb);
            out.setByte(start + 2, 0x80 | 0x40 | 2); // request, two-way, Hessian 2
            out.setByte(start + 3, 0);
            out.setLong(start + 4, req.id);
            out.setInt(start + 12, len);
        }
    }

    static final class Decoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= 16) {
                int start = in.readerIndex();
                int len = in.getInt(start + 12);
                if (in.readableBytes() < 16 + len) return;
                byte status = in.getByte(start + 3);
                long id = in.getLong(start + 4);
                in.skipBytes(16);
                // Framed here, decoded by the caller (2.7.5+: decode.in.io=false).
                byte[] body = new byte[len];
                in.readBytes(body);
                out.add(new Response(id, status, body));
            }
        }
    }

    // Hessian2ObjectInput keeps one Hessian2Input per thread.
    static final ThreadLocal<Hessian2Input> INPUT = ThreadLocal.withInitial(() -> new Hessian2Input(null));

    /** DecodeableRpcResult: the flag, then the value or exception, then (3, 4, 5) the attachments. */
    static Object decodeValue(Response r) throws Exception {
        Hessian2Input h = INPUT.get();
        h.init(new ByteArrayInputStream(r.body));
        if (r.status != 20) throw new Exception("status " + r.status + ": " + h.readString());
        int flag = h.readInt();
        Object value = null;
        if (flag == 1 || flag == 4) value = h.readObject(User.class);
        else if (flag == 0 || flag == 3) throw new Exception(String.valueOf(h.readObject()));
        if (flag >= 3) h.readObject(Map.class);
        return value;
    }

    static final class ReplyHandler extends SimpleChannelInboundHandler<Response> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Response r) {
            PendingCall p = FUTURES.remove(r.id);
            if (p != null) {
                p.timeout.cancel();
                p.future.complete(r);
            }
        }
    }

    /** One synchronous getById(userId), the way DubboInvoker + HeaderExchangeChannel make it. */
    static Response call(Channel channel, long userId) throws Exception {
        Map<String, String> att = new HashMap<>();
        att.put("path", SERVICE);
        att.put("interface", SERVICE);
        att.put("version", VERSION);
        att.put("timeout", String.valueOf(TIMEOUT_MS));
        Request req = new Request(IDS.incrementAndGet(), new Invocation("getById", "J", new Object[] {userId}, att));
        PendingCall p = new PendingCall();
        p.timeout = TIMER.newTimeout(t -> {
            PendingCall gone = FUTURES.remove(req.id);
            if (gone != null) gone.future.completeExceptionally(new TimeoutException("call " + req.id));
        }, TIMEOUT_MS, TimeUnit.MILLISECONDS);
        FUTURES.put(req.id, p);
        channel.writeAndFlush(req);
        return p.future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** n calls from c caller threads; returns how many came back with a user. */
    static long run(Channel channel, int n, int c, long userId) throws Exception {
        AtomicLong left = new AtomicLong(n);
        AtomicLong ok = new AtomicLong();
        Exception[] failed = {null};
        Thread[] callers = new Thread[c];
        for (int i = 0; i < c; i++) {
            callers[i] = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        if (decodeValue(call(channel, userId)) != null) ok.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failed) {
                        failed[0] = e;
                    }
                }
            });
            callers[i].start();
        }
        for (Thread t : callers) t.join();
        if (failed[0] != null) throw failed[0];
        return ok.get();
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int c = Integer.parseInt(args[3]);
        long userId = Long.parseLong(args[4]);
        // Dubbo 2.7's NettyClient: NIO, TCP_NODELAY, the pooled allocator, one event loop serves
        // the connection.
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Decoder(), new Encoder(), new ReplyHandler());
                    }
                });
        Channel channel = b.connect(host, port).sync().channel();
        Measure.warmThenTime("java+netty", n, c, k -> run(channel, k, c, userId));
        System.exit(0);
    }
}
