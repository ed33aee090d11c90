// The measurement both Java consumers of the load benchmark share: warm up, time N calls, print
// one JSON line with the rate and the process CPU per call (all threads, user + system).

import java.lang.management.ManagementFactory;

final class Measure {
    interface Calls {
        /** Makes n calls with the consumer's concurrency; returns how many came back OK. */
        long make(int n) throws Exception;
    }

    /** N/2 warm-up calls (so C2 has compiled the hot path), then N timed ones, reported. */
    static void warmThenTime(String client, int n, int c, Calls calls) throws Exception {
        calls.make(Math.max(1, n / 2));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long ok = calls.make(n);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        double totalMs = (t1 - t0) / 1e6;
        System.out.printf(java.util.Locale.ROOT,
                "{\"client\":\"%s\",\"count\":%d,\"ok_count\":%d,\"concurrency\":%d,\"total_ms\":%.3f,"
                        + "\"rate_per_sec\":%.1f,\"cpu_us_per_call\":%.3f}%n",
                client, n, ok, c, totalMs, n / (totalMs / 1000.0), (cpu1 - cpu0) / 1e3 / n);
    }
}
