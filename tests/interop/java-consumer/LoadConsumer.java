// A Java-class Dubbo consumer for the load benchmark (benches/invoke.rs): what a JVM client
// costs per call, measured in the same run as svcctl. It speaks the Dubbo 2 protocol the way
// Dubbo's own consumer does on its one shared connection (16-byte header, Hessian 2 body written
// by Caucho Hessian, requests pipelined, one reader), without Dubbo's filter chain and Netty, so
// it is a lean, C2-compiled baseline: beating it is harder than beating the real consumer.
//
// usage: java -cp hessian.jar:. LoadConsumer HOST PORT N C ID
// Warms up with N/2 calls (so C2 has compiled the hot path), then times N calls with C in
// flight and prints one JSON line:
//   {"client":"java+caucho","count":N,"ok_count":..,"concurrency":C,"total_ms":..,
//    "rate_per_sec":..,"cpu_us_per_call":..}
// cpu_us_per_call is the process CPU time (all threads, user + system) over the timed calls.

import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.Hessian2Output;
import java.io.*;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

public class LoadConsumer {
    static final byte FLAG_REQUEST = (byte) 0x80, FLAG_TWOWAY = 0x40, HESSIAN2 = 2;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int c = Integer.parseInt(args[3]);
        long id = Long.parseLong(args[4]);
        byte[] body = requestBody(id);
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            Client client = new Client(socket, body, c);
            Measure.warmThenTime("java+caucho", n, c, client::run);
            System.exit(0);
        }
    }

    /** getById(long) on com.example.UserService 1.0.0, as Dubbo 2.7's DubboCodec writes it. */
    static byte[] requestBody(long id) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Hessian2Output out = new Hessian2Output(bos);
        out.writeString("2.0.2");
        out.writeString("com.example.UserService");
        out.writeString("1.0.0");
        out.writeString("getById");
        out.writeString("J");
        out.writeLong(id);
        Map<String, String> att = new HashMap<>();
        att.put("path", "com.example.UserService");
        att.put("interface", "com.example.UserService");
        att.put("version", "1.0.0");
        att.put("timeout", "10000");
        out.writeObject(att);
        out.flush();
        return bos.toByteArray();
    }

    static final class Client {
        final DataInputStream in;
        final OutputStream out;
        final byte[] body;
        final Semaphore window;
        final AtomicLong nextId = new AtomicLong();

        Client(Socket s, byte[] body, int c) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            this.body = body;
            this.window = new Semaphore(c);
        }

        /** Sends n requests keeping at most C unanswered; returns how many came back OK. */
        long run(int n) throws Exception {
            final long[] ok = {0};
            final Exception[] failed = {null};
            Thread reader = new Thread(() -> {
                try {
                    byte[] header = new byte[16];
                    for (int i = 0; i < n; i++) {
                        in.readFully(header);
                        int len = ((header[12] & 0xff) << 24) | ((header[13] & 0xff) << 16)
                                | ((header[14] & 0xff) << 8) | (header[15] & 0xff);
                        byte[] b = new byte[len];
                        in.readFully(b);
                        if (header[3] == 20) {
                            Hessian2Input h = new Hessian2Input(new ByteArrayInputStream(b));
                            int flag = h.readInt();
                            Object value = h.readObject();
                            if ((flag == 1 || flag == 4) && value != null) ok[0]++;
                        }
                        window.release();
                    }
                } catch (Exception e) {
                    failed[0] = e;
                }
            });
            reader.start();
            byte[] header = new byte[16];
            header[0] = (byte) 0xda;
            header[1] = (byte) 0xbb;
            header[2] = (byte) (FLAG_REQUEST | FLAG_TWOWAY | HESSIAN2);
            header[12] = (byte) (body.length >>> 24);
            header[13] = (byte) (body.length >>> 16);
            header[14] = (byte) (body.length >>> 8);
            header[15] = (byte) body.length;
            for (int i = 0; i < n; i++) {
                window.acquire();
                long rid = nextId.incrementAndGet();
                for (int k = 0; k < 8; k++) header[4 + k] = (byte) (rid >>> (56 - 8 * k));
                out.write(header);
                out.write(body);
                // Dubbo's consumer hands each request to Netty, which flushes it: one write per
                // call unless the window is full and more are waiting.
                if (window.availablePermits() == 0 || i == n - 1) out.flush();
            }
            reader.join();
            if (failed[0] != null) throw failed[0];
            return ok[0];
        }
    }
}
