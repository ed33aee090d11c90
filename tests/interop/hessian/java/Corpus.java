// Writes Hessian 2 test cases with Caucho Hessian 4.0.38 (Hessian2Output.writeObject).
//
// Output: one line per case, "name<TAB>hex<TAB>description". The description is written by hand
// next to each Java value (helpers below build the JSON text); it is the independent statement
// of what the bytes mean, checked by tests/hessian_interop.rs. Schema:
//   null | true | false | {"int":n} | {"long":n} | {"double":"java literal"} | {"date":ms}
//   {"str":"text"} | {"str":[["piece",count],...]} (concatenation)
//   {"bin":"hex"} | {"binseq":n} (n bytes, byte i = i % 251)
//   {"list":type|null,"items":[...]} | {"map":type|null,"entries":[[k,v],...]}
//   {"object":"class","fields":[["name",v],...]}
//   {"ref":n} (cycle: slot n is still open) | {"ref":n,"value":v} (shared: slot n holds v)
//   {"stream":[v,...]} (several writeObject calls on one Hessian2Output)
package com.example;

import com.caucho.hessian.io.ExtSerializerFactory;
import com.caucho.hessian.io.Hessian2Output;
import com.caucho.hessian.io.SerializerFactory;
import com.caucho.hessian.io.StringValueSerializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Corpus {
    private static PrintStream out;
    private static int count;
    /** hessian-lite (what Dubbo ships) writes BigDecimal as {value: toString()}; Caucho has the
     * serializer but does not register it, so register it the same way. */
    private static final SerializerFactory FACTORY = new SerializerFactory();

    static {
        ExtSerializerFactory ext = new ExtSerializerFactory();
        ext.addSerializer(BigDecimal.class, new StringValueSerializer());
        FACTORY.addFactory(ext);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2) Typed.write(args[1], args[2], FACTORY);
        out = new PrintStream(args[0], StandardCharsets.US_ASCII);
        scalars();
        strings();
        binaries();
        dates();
        boxed();
        collections();
        maps();
        objects();
        specialTypes();
        throwables();
        streams();
        generated();
        out.close();
        System.err.println("java corpus: " + count + " cases");
    }

    // ---- description helpers --------------------------------------------------------------

    static String I(long v) { return "{\"int\":" + v + "}"; }
    static String L(long v) { return "{\"long\":" + v + "}"; }
    static String D(String literal) { return "{\"double\":\"" + literal + "\"}"; }
    static String S(String s) { return "{\"str\":" + q(s) + "}"; }
    static String REP(Object... pieceCount) {
        StringBuilder b = new StringBuilder("{\"str\":[");
        for (int i = 0; i < pieceCount.length; i += 2) {
            if (i > 0) b.append(',');
            b.append('[').append(q((String) pieceCount[i])).append(',').append(pieceCount[i + 1]).append(']');
        }
        return b.append("]}").toString();
    }
    static String BIN(String hex) { return "{\"bin\":\"" + hex + "\"}"; }
    static String BINSEQ(int n) { return "{\"binseq\":" + n + "}"; }
    static String DATE(long ms) { return "{\"date\":" + ms + "}"; }
    static final String NULL = "null", TRUE = "true", FALSE = "false";
    static String LIST(String type, String... items) {
        return "{\"list\":" + (type == null ? "null" : q(type)) + ",\"items\":[" + String.join(",", items) + "]}";
    }
    static String MAP(String type, String... kv) {
        StringBuilder b = new StringBuilder("{\"map\":" + (type == null ? "null" : q(type)) + ",\"entries\":[");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) b.append(',');
            b.append('[').append(kv[i]).append(',').append(kv[i + 1]).append(']');
        }
        return b.append("]}").toString();
    }
    static String OBJ(String cls, String... nameValue) {
        StringBuilder b = new StringBuilder("{\"object\":" + q(cls) + ",\"fields\":[");
        for (int i = 0; i < nameValue.length; i += 2) {
            if (i > 0) b.append(',');
            b.append('[').append(q(nameValue[i])).append(',').append(nameValue[i + 1]).append(']');
        }
        return b.append("]}").toString();
    }
    static String REF(int slot) { return "{\"ref\":" + slot + "}"; }
    static String SHARED(int slot, String value) { return "{\"ref\":" + slot + ",\"value\":" + value + "}"; }
    static String STREAM(String... values) { return "{\"stream\":[" + String.join(",", values) + "]}"; }

    /** JSON string literal; every non-ASCII UTF-16 unit as \\uXXXX. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    static String rep(String piece, int n) { return piece.repeat(n); }

    static byte[] binseq(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 251);
        return b;
    }

    static void c(String name, Object value, String desc) throws Exception {
        stream(name, new Object[] {value}, desc);
    }

    static void stream(String name, Object[] values, String desc) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Hessian2Output h = new Hessian2Output(bos);
        h.setSerializerFactory(FACTORY);
        for (Object v : values) h.writeObject(v);
        h.flush();
        StringBuilder hex = new StringBuilder();
        for (byte b : bos.toByteArray()) hex.append(String.format("%02x", b & 0xff));
        out.print(name + "\t" + hex + "\t" + desc + "\n");
        count++;
    }


    // ---- generated cases ------------------------------------------------------------------

    /** Seeded random values, the same every run: whatever the generator picks, svcctl must
     * decode Caucho's bytes to it and encode it to Caucho's bytes. The description is built
     * from the same draws, by the helpers the hand-written cases use. */
    static final int GENERATED = 300;

    static void generated() throws Exception {
        Random r = new Random(20261201L);
        for (int i = 0; i < GENERATED; i++) {
            StringBuilder d = new StringBuilder();
            Object v = gen(r, 0, d);
            c("gen_" + i, v, d.toString());
        }
    }

    static Object gen(Random r, int depth, StringBuilder d) {
        switch (r.nextInt(depth < 3 ? 9 : 6)) {
            case 0: { int v = genInt(r); d.append(I(v)); return v; }
            case 1: { long v = genLong(r); d.append(L(v)); return v; }
            case 2: { double v = genDouble(r); d.append(D(Double.toString(v))); return v; }
            case 3:
            case 4: { String v = genString(r); d.append(S(v)); return v; }
            case 5: {
                int k = r.nextInt(3);
                d.append(k == 0 ? NULL : k == 1 ? TRUE : FALSE);
                return k == 0 ? null : k == 1;
            }
            case 6: {
                int n = r.nextInt(r.nextInt(4) == 0 ? 20 : 9);
                ArrayList<Object> list = new ArrayList<>();
                String[] items = new String[n];
                for (int i = 0; i < n; i++) {
                    StringBuilder e = new StringBuilder();
                    list.add(gen(r, depth + 1, e));
                    items[i] = e.toString();
                }
                d.append(LIST(null, items));
                return list;
            }
            default: {
                // A HashMap is written in its iteration order, so describe it in that order.
                boolean linked = r.nextBoolean();
                Map<Object, Object> map = linked ? new LinkedHashMap<>() : new HashMap<>();
                Map<Object, String> descs = new HashMap<>();
                int n = r.nextInt(7);
                for (int i = 0; i < n; i++) {
                    boolean intKey = r.nextBoolean();
                    Object key = intKey ? (Object) genInt(r) : genString(r);
                    if (map.containsKey(key)) continue;
                    StringBuilder e = new StringBuilder();
                    map.put(key, gen(r, depth + 1, e));
                    descs.put(key, (intKey ? I((Integer) key) : S((String) key)) + "," + e);
                }
                StringBuilder b = new StringBuilder("{\"map\":" + (linked ? q("java.util.LinkedHashMap") : "null") + ",\"entries\":[");
                boolean first = true;
                for (Object key : map.keySet()) {
                    if (!first) b.append(',');
                    first = false;
                    b.append('[').append(descs.get(key)).append(']');
                }
                d.append(b.append("]}"));
                return map;
            }
        }
    }

    /** Ints around every boundary of the Hessian int encodings, and anywhere. */
    static int genInt(Random r) {
        int[] edges = {-16, 47, -2048, 2047, -262144, 262143, Integer.MIN_VALUE, Integer.MAX_VALUE};
        switch (r.nextInt(5)) {
            case 0: return -16 + r.nextInt(64);
            case 1: return -2048 + r.nextInt(4096);
            case 2: return -262144 + r.nextInt(524288);
            case 3: return edges[r.nextInt(edges.length)] + r.nextInt(3) - 1;
            default: return r.nextInt();
        }
    }

    static long genLong(Random r) {
        long[] edges = {-8, 15, -2048, 2047, -262144, 262143, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Long.MIN_VALUE, Long.MAX_VALUE};
        switch (r.nextInt(5)) {
            case 0: return -8 + r.nextInt(24);
            case 1: return -262144 + r.nextInt(524288);
            case 2: return (long) r.nextInt();
            case 3: return edges[r.nextInt(edges.length)] + r.nextInt(3) - 1;
            default: return r.nextLong();
        }
    }

    /** Doubles of every Hessian double form: byte, short, milli-int, and full 64-bit. */
    static double genDouble(Random r) {
        switch (r.nextInt(6)) {
            case 0: return -128 + r.nextInt(256);
            case 1: return -32768 + r.nextInt(65536);
            case 2: return (r.nextInt() / 1000.0);
            // Not -0.0: Caucho writes it as 5B (0.0), and svcctl deliberately keeps the sign
            // (encode.rs write_double), the one known difference.
            case 3: return 0.0;
            case 4: return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            default: {
                double v;
                do { v = Double.longBitsToDouble(r.nextLong()); } while (Double.isNaN(v));
                return v;
            }
        }
    }

    /** Strings of ASCII, 2- and 3-byte UTF-8 and supplementary characters (surrogate pairs),
     * some long enough to be written in chunks, with pairs near the chunk boundary. */
    static String genString(Random r) {
        int len;
        switch (r.nextInt(12)) {
            case 0: len = 1000 + r.nextInt(100); break;
            case 1: len = r.nextInt(5) == 0 ? 32760 + r.nextInt(16) : 20 + r.nextInt(20); break;
            default: len = r.nextInt(40);
        }
        StringBuilder b = new StringBuilder();
        while (b.length() < len) {
            switch (r.nextInt(5)) {
                case 0: b.append((char) (0x80 + r.nextInt(0x780))); break;
                case 1: {
                    int c = 0x800 + r.nextInt(0xf800 - 0x800);
                    if (c >= 0xd800 && c < 0xe000) c += 0x800;
                    b.append((char) c);
                    break;
                }
                case 2: b.appendCodePoint(0x10000 + r.nextInt(0x100000)); break;
                default: b.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    // ---- cases ----------------------------------------------------------------------------

    static void scalars() throws Exception {
        c("null", null, NULL);
        c("true", true, TRUE);
        c("false", false, FALSE);
        int[] ints = {Integer.MIN_VALUE, -262145, -262144, -2049, -2048, -17, -16, -1, 0, 1, 47, 48, 300,
                2047, 2048, 262143, 262144, Integer.MAX_VALUE};
        for (int v : ints) c("int_" + v, v, I(v));
        long[] longs = {Long.MIN_VALUE, -2147483649L, -2147483648L, -262145, -262144, -2049, -2048, -9, -8, -1,
                0, 15, 16, 2047, 2048, 262143, 262144, 2147483647L, 2147483648L, 1L << 40, 9007199254740993L,
                Long.MAX_VALUE};
        for (long v : longs) c("long_" + v, v, L(v));
        // Caucho writes -0.0 as 5B (0.0): (int) -0.0 == 0 loses the sign, so the bytes mean 0.0.
        c("double_-0.0", -0.0, D("0.0"));
        String[] doubles = {"0.0", "1.0", "-1.0", "127.0", "-128.0", "128.0", "-129.0", "32767.0",
                "-32768.0", "32768.0", "12.25", "0.001", "-0.5", "0.1", "3.14159", "1e300", "4.9E-324",
                "1.7976931348623157E308", "NaN", "Infinity", "-Infinity", "2147483647.0", "2147483648.0",
                "1e10", "123456.789", "-2147483.648", "2147483.647"};
        for (String d : doubles) c("double_" + d, Double.parseDouble(d), D(d));
    }

    static void strings() throws Exception {
        c("str_empty", "", S(""));
        c("str_hello", "hello", S("hello"));
        c("str_nul", "a\u0000b", S("a\u0000b"));
        c("str_2byte", "caf\u00e9 \u00f1", S("caf\u00e9 \u00f1"));
        c("str_3byte", "\u4e2d\u6587\u20ac", S("\u4e2d\u6587\u20ac"));
        c("str_nonbmp", "\ud83d\ude00", S("\ud83d\ude00"));
        c("str_lone_surrogate", "a\ud800b", S("a\ufffdb"));
        for (int n : new int[] {31, 32, 1023, 1024, 32767, 32768, 32769, 65536, 70000})
            c("str_ascii_" + n, rep("a", n), REP("a", n));
        c("str_nonbmp_70000", "a" + rep("\ud83d\ude00", 34999) + "b", REP("a", 1, "\ud83d\ude00", 34999, "b", 1));
        c("str_nonbmp_even_70000", rep("\ud83d\ude00", 35000), REP("\ud83d\ude00", 35000));
        c("str_3byte_40000", rep("\u4e2d", 40000), REP("\u4e2d", 40000));
        c("char_array", new char[] {'a', 'b', 'c'}, S("abc"));
    }

    static void binaries() throws Exception {
        c("bin_small", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}, BIN("000102feff"));
        for (int n : new int[] {0, 1, 15, 16, 1023, 1024, 8188, 8189, 8190, 16378, 16379, 70000})
            c("bin_" + n, binseq(n), BINSEQ(n));
        // Caucho's chunk sizes depend on how full its 8 KiB buffer already is.
        c("bin_after_string", new ArrayList<>(List.of(rep("x", 5000), binseq(5000))),
                LIST(null, REP("x", 5000), BINSEQ(5000)));
        c("bin_after_bin", new ArrayList<>(List.of(binseq(8180), binseq(100), binseq(9000))),
                LIST(null, BINSEQ(8180), BINSEQ(100), BINSEQ(9000)));
        c("bin_near_buffer_end", new ArrayList<>(List.of(rep("y", 8170), binseq(40))),
                LIST(null, REP("y", 8170), BINSEQ(40)));
    }

    static void dates() throws Exception {
        for (long ms : new long[] {0L, 1700000040000L, -60000L, 1700000000123L, -1L, 200000000000000L, 4102444800000L})
            c("date_" + ms, new Date(ms), DATE(ms));
    }

    static void boxed() throws Exception {
        // Caucho 4.0.38 (like hessian-lite 4.0.0-4.0.2) wraps boxed Byte/Short/Float in handles.
        String h = "com.caucho.hessian.io.";
        c("byte_boxed", (byte) 5, OBJ(h + "ByteHandle", "_value", I(5)));
        c("byte_boxed_neg", (byte) -128, OBJ(h + "ByteHandle", "_value", I(-128)));
        c("short_boxed", (short) -300, OBJ(h + "ShortHandle", "_value", I(-300)));
        c("float_boxed_1.5", 1.5f, OBJ(h + "FloatHandle", "_value", D("1.5")));
        c("float_boxed_0.1", 0.1f, OBJ(h + "FloatHandle", "_value", D("0.10000000149011612")));
        c("char_boxed", 'x', S("x"));
        c("char_boxed_nonascii", '\u00e9', S("\u00e9"));
    }

    static void collections() throws Exception {
        c("arraylist_empty", new ArrayList<>(), LIST(null));
        c("arraylist_123", new ArrayList<>(List.of(1, 2, 3)), LIST(null, I(1), I(2), I(3)));
        c("arraylist_7", new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7)),
                LIST(null, I(1), I(2), I(3), I(4), I(5), I(6), I(7)));
        c("arraylist_8", new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8)),
                LIST(null, I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8)));
        c("arraylist_mixed", new ArrayList<>(Arrays.asList(1, 2L, "s", null, true, 2.5)),
                LIST(null, I(1), L(2), S("s"), NULL, TRUE, D("2.5")));
        c("arraylist_longs", new ArrayList<>(List.of(1L, 1L << 33)), LIST(null, L(1), L(1L << 33)));
        c("linkedlist", new LinkedList<>(List.of("a", "b")), LIST("java.util.LinkedList", S("a"), S("b")));
        c("hashset_ints", new HashSet<>(List.of(3, 1, 2)), LIST("java.util.HashSet", I(1), I(2), I(3)));
        c("treeset", new TreeSet<>(List.of("b", "a")), LIST("java.util.TreeSet", S("a"), S("b")));
        c("arrays_aslist", Arrays.asList("x", "y"), LIST("java.util.Arrays$ArrayList", S("x"), S("y")));
        c("nested_lists", new ArrayList<>(List.of(new ArrayList<>(List.of(1)), new ArrayList<>())),
                LIST(null, LIST(null, I(1)), LIST(null)));
        c("int_array", new int[] {1, -1, 300}, LIST("[int", I(1), I(-1), I(300)));
        c("int_array_empty", new int[0], LIST("[int"));
        c("int_array_9", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8},
                LIST("[int", I(0), I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8)));
        c("long_array", new long[] {1, 1L << 40}, LIST("[long", L(1), L(1L << 40)));
        c("short_array", new short[] {1, -2}, LIST("[short", I(1), I(-2)));
        c("double_array", new double[] {0.5, 1.0}, LIST("[double", D("0.5"), D("1.0")));
        c("float_array", new float[] {0.5f, 0.1f}, LIST("[float", D("0.5"), D("0.10000000149011612")));
        c("boolean_array", new boolean[] {true, false}, LIST("[boolean", TRUE, FALSE));
        c("string_array", new String[] {"a", null}, LIST("[string", S("a"), NULL));
        c("object_array", new Object[] {1, "two", 3L}, LIST("[object", I(1), S("two"), L(3)));
        c("integer_array", new Integer[] {1, null}, LIST("[java.lang.Integer", I(1), NULL));
        c("int_array_2d", new int[][] {{1}, {2, 3}}, LIST("[[int", LIST("[int", I(1)), LIST("[int", I(2), I(3))));
        c("date_array", new Date[] {new Date(60000)}, LIST("[date", DATE(60000)));
        c("user_array", new User[] {new User(1, "a")},
                LIST("[com.example.User", OBJ("com.example.User", "id", L(1), "name", S("a"))));
        c("same_type_twice", new ArrayList<>(List.of(new int[] {1}, new int[] {2})),
                LIST(null, LIST("[int", I(1)), LIST("[int", I(2))));
    }

    static void maps() throws Exception {
        c("hashmap_empty", new HashMap<>(), MAP(null));
        Map<String, Object> m = new HashMap<>();
        m.put("a", 1);
        m.put("b", "two");
        m.put("c", true);
        c("hashmap_abc", m, MAP(null, S("a"), I(1), S("b"), S("two"), S("c"), TRUE));
        Map<Integer, String> im = new HashMap<>();
        im.put(2, "two");
        im.put(1, "one");
        c("hashmap_int_keys", im, MAP(null, I(1), S("one"), I(2), S("two")));
        Map<String, Object> nv = new HashMap<>();
        nv.put("k", null);
        c("hashmap_null_value", nv, MAP(null, S("k"), NULL));
        c("treemap_strings", new TreeMap<>(Map.of("z", 1L, "a", 2L)),
                MAP("java.util.TreeMap", S("a"), L(2), S("z"), L(1)));
        c("treemap_ints", new TreeMap<>(Map.of(10, "x", -5, "y")),
                MAP("java.util.TreeMap", I(-5), S("y"), I(10), S("x")));
        LinkedHashMap<String, Object> lm = new LinkedHashMap<>();
        lm.put("z", 1);
        lm.put("a", 2);
        c("linkedhashmap", lm, MAP("java.util.LinkedHashMap", S("z"), I(1), S("a"), I(2)));
        Map<String, Object> nested = new HashMap<>();
        Map<String, Object> inner = new HashMap<>();
        inner.put("x", new ArrayList<>(List.of(1.5)));
        nested.put("inner", inner);
        c("nested_maps", nested, MAP(null, S("inner"), MAP(null, S("x"), LIST(null, D("1.5")))));
        Map<String, Object> shared = new HashMap<>();
        shared.put("a", 1);
        c("shared_map_ref", new ArrayList<>(List.of(shared, shared)),
                LIST(null, MAP(null, S("a"), I(1)), SHARED(1, MAP(null, S("a"), I(1)))));
        Map<Object, Object> ok = new HashMap<>();
        ok.put(new User(1, "k"), "v");
        c("hashmap_object_key", ok, MAP(null, OBJ("com.example.User", "id", L(1), "name", S("k")), S("v")));
    }

    static void objects() throws Exception {
        // What a Dubbo 3 MetadataService answers (svcctl asks it when metadata is not in the registry).
        Map<String, String> params = new TreeMap<>();
        params.put("application", "users-app");
        params.put("methods", "findByName,getById");
        params.put("version", "1.0.0");
        org.apache.dubbo.metadata.MetadataInfo info = new org.apache.dubbo.metadata.MetadataInfo("users-app", "9f3e2d1c");
        info.add("com.example.UserService:1.0.0:dubbo", new org.apache.dubbo.metadata.MetadataInfo.ServiceInfo(
                "com.example.UserService", null, "1.0.0", "dubbo", 20880, "com.example.UserService", params));
        c("dubbo_metadata_info", info,
                OBJ("org.apache.dubbo.metadata.MetadataInfo", "app", S("users-app"), "revision", S("9f3e2d1c"),
                        "services", MAP("java.util.concurrent.ConcurrentHashMap", S("com.example.UserService:1.0.0:dubbo"),
                                OBJ("org.apache.dubbo.metadata.MetadataInfo$ServiceInfo", "name", S("com.example.UserService"),
                                        "group", NULL, "version", S("1.0.0"), "protocol", S("dubbo"), "port", I(20880),
                                        "path", S("com.example.UserService"),
                                        "params", MAP("java.util.TreeMap", S("application"), S("users-app"),
                                                S("methods"), S("findByName,getById"), S("version"), S("1.0.0"))))));
        c("user", new User(42, "alice"), OBJ("com.example.User", "id", L(42), "name", S("alice")));
        c("user_null_name", new User(-1, null), OBJ("com.example.User", "id", L(-1), "name", NULL));
        String u = "com.example.User";
        c("users_reuse_def", new ArrayList<>(List.of(new User(1, "a"), new User(2, "b"), new User(3, "c"))),
                LIST(null, OBJ(u, "id", L(1), "name", S("a")), OBJ(u, "id", L(2), "name", S("b")),
                        OBJ(u, "id", L(3), "name", S("c"))));
        c("all_primitives", new Primitives(),
                OBJ("com.example.Primitives", "z", TRUE, "b", I(-3), "s", I(1000), "i", I(100000), "j", L(5000000000L),
                        "f", D("0.25"), "d", D("1.0E-5"), "c", S("q"), "boxedInt", I(7), "boxedLong", L(8),
                        "text", S("t"), "nothing", NULL));
        Order o = new Order();
        String uDesc = OBJ(u, "id", L(7), "name", S("bob"));
        c("order_nested", o,
                OBJ("com.example.Order", "orderId", L(9001), "note", NULL, "buyer", uDesc,
                        "lines", LIST(null, OBJ("com.example.OrderLine", "qty", I(2), "sku", S("A-1"),
                                "price", OBJ("java.math.BigDecimal", "value", S("9.99")))),
                        "tags", MAP(null, S("k"), S("v")), "created", DATE(1700000040000L)));
        c("subclass_fields", new VipUser(5, "v", 3),
                OBJ("com.example.VipUser", "level", I(3), "id", L(5), "name", S("v")));
        c("two_classes", new ArrayList<>(List.of(new User(1, "a"), new OrderLine(), new User(2, "b"))),
                LIST(null, OBJ(u, "id", L(1), "name", S("a")),
                        OBJ("com.example.OrderLine", "qty", I(2), "sku", S("A-1"),
                                "price", OBJ("java.math.BigDecimal", "value", S("9.99"))),
                        OBJ(u, "id", L(2), "name", S("b"))));
        List<Object> many = new ArrayList<>();
        String[] descs = new String[18];
        Object[] inst = {new K0(), new K1(), new K2(), new K3(), new K4(), new K5(), new K6(), new K7(), new K8(),
                new K9(), new K10(), new K11(), new K12(), new K13(), new K14(), new K15(), new K16(), new K0()};
        for (int i = 0; i < inst.length; i++) {
            many.add(inst[i]);
            int k = i == 17 ? 0 : i;
            descs[i] = OBJ("com.example.K" + k, "v", I(k));
        }
        c("seventeen_classes", many, LIST(null, descs));
        User self = new User(1, "me");
        Node n = new Node();
        n.name = "root";
        n.self = n;
        c("self_reference", n, OBJ("com.example.Node", "name", S("root"), "self", REF(0)));
        Node a = new Node();
        Node b = new Node();
        a.name = "a";
        b.name = "b";
        a.self = b;
        b.self = a;
        c("mutual_reference", a, OBJ("com.example.Node", "name", S("a"), "self",
                OBJ("com.example.Node", "name", S("b"), "self", REF(0))));
        c("shared_object", new ArrayList<>(List.of(self, self)),
                LIST(null, OBJ(u, "id", L(1), "name", S("me")), SHARED(1, OBJ(u, "id", L(1), "name", S("me")))));
    }

    /** BigInteger's lazily computed caches, written by the generic serializer (JDK 17 names). */
    static final String[] BI_CACHE = {"bitCountPlusOne", "bitLengthPlusOne", "lowestSetBitPlusTwo",
            "firstNonzeroIntNumPlusTwo"};

    static void specialTypes() throws Exception {
        c("enum", Status.ACTIVE, OBJ("com.example.Status", "name", S("ACTIVE")));
        String act = OBJ("com.example.Status", "name", S("ACTIVE"));
        c("enum_list", new ArrayList<>(List.of(Status.ACTIVE, Status.DISABLED, Status.ACTIVE)),
                LIST(null, act, OBJ("com.example.Status", "name", S("DISABLED")), SHARED(1, act)));
        c("bigdecimal", new BigDecimal("123.456"), OBJ("java.math.BigDecimal", "value", S("123.456")));
        c("bigdecimal_exp", new BigDecimal("1E+10"), OBJ("java.math.BigDecimal", "value", S("1E+10")));
        c("bigdecimal_neg", new BigDecimal("-0.00000001"), OBJ("java.math.BigDecimal", "value", S("-1E-8")));
        String bi = "java.math.BigInteger";
        c("biginteger_big", new BigInteger("12345678901234567890"),
                OBJ(bi, "signum", I(1), BI_CACHE[0], I(0), BI_CACHE[1], I(0), BI_CACHE[2], I(0), BI_CACHE[3], I(0), "mag", LIST("[int", I(-1420514932), I(-350287150))));
        c("biginteger_neg", new BigInteger("-5"),
                OBJ(bi, "signum", I(-1), BI_CACHE[0], I(0), BI_CACHE[1], I(0), BI_CACHE[2], I(0), BI_CACHE[3], I(0), "mag", LIST("[int", I(5))));
        c("biginteger_zero", BigInteger.ZERO,
                OBJ(bi, "signum", I(0), BI_CACHE[0], I(0), BI_CACHE[1], I(0), BI_CACHE[2], I(0), BI_CACHE[3], I(0), "mag", LIST("[int")));
        c("sql_timestamp", new java.sql.Timestamp(1700000000123L),
                OBJ("java.sql.Timestamp", "value", DATE(1700000000123L)));
        c("sql_date", new java.sql.Date(1700000040000L), OBJ("java.sql.Date", "value", DATE(1700000040000L)));
    }

    static String frame(String cls, String method, String file, int line) {
        return OBJ("java.lang.StackTraceElement", "classLoaderName", NULL, "moduleName", NULL, "moduleVersion", NULL,
                "declaringClass", S(cls), "methodName", S(method), "fileName", S(file), "lineNumber", I(line),
                "format", I(0));
    }

    static final String EMPTY_SUPPRESSED = LIST("java.util.Collections$EmptyList");

    static void throwables() throws Exception {
        RuntimeException e = new RuntimeException("boom");
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.example.Svc", "call", "Svc.java", 42)});
        c("runtime_exception_self_cause", e,
                OBJ("java.lang.RuntimeException", "detailMessage", S("boom"), "cause", REF(0),
                        "stackTrace", LIST("[java.lang.StackTraceElement", frame("com.example.Svc", "call", "Svc.java", 42)),
                        "suppressedExceptions", EMPTY_SUPPRESSED));
        IllegalStateException cause = new IllegalStateException("inner");
        cause.setStackTrace(new StackTraceElement[0]);
        RuntimeException outer = new RuntimeException("outer", cause);
        outer.setStackTrace(new StackTraceElement[0]);
        c("runtime_exception_with_cause", outer,
                OBJ("java.lang.RuntimeException", "detailMessage", S("outer"),
                        "cause", OBJ("java.lang.IllegalStateException", "detailMessage", S("inner"), "cause", REF(1),
                                "stackTrace", LIST("[java.lang.StackTraceElement"),
                                "suppressedExceptions", EMPTY_SUPPRESSED),
                        "stackTrace", LIST("[java.lang.StackTraceElement"),
                        // Throwable's shared empty-list sentinel: written once, then referenced.
                        "suppressedExceptions", SHARED(3, EMPTY_SUPPRESSED)));
        BizException biz = new BizException("denied", 403);
        biz.setStackTrace(new StackTraceElement[0]);
        c("custom_exception", biz,
                OBJ("com.example.BizException", "code", I(403), "detailMessage", S("denied"), "cause", REF(0),
                        "stackTrace", LIST("[java.lang.StackTraceElement"), "suppressedExceptions", EMPTY_SUPPRESSED));
    }

    static void streams() throws Exception {
        // The shape of a Dubbo request body: several values share class definitions and types.
        Map<String, String> att = new HashMap<>();
        att.put("path", "com.example.UserService");
        stream("stream_request_like",
                new Object[] {"2.0.2", "com.example.UserService", "0.0.0", "save", "Lcom/example/User;",
                        new User(1, "a"), new User(2, "b"), new int[] {1}, new int[] {2}, att},
                STREAM(S("2.0.2"), S("com.example.UserService"), S("0.0.0"), S("save"), S("Lcom/example/User;"),
                        OBJ(u(), "id", L(1), "name", S("a")), OBJ(u(), "id", L(2), "name", S("b")),
                        LIST("[int", I(1)), LIST("[int", I(2)),
                        MAP(null, S("path"), S("com.example.UserService"))));
        stream("stream_response_like", new Object[] {1, new ArrayList<>(List.of("x")), new HashMap<>()},
                STREAM(I(1), LIST(null, S("x")), MAP(null)));
    }

    static String u() { return "com.example.User"; }
}

class User implements Serializable {
    long id;
    String name;
    User(long id, String name) { this.id = id; this.name = name; }
}

class VipUser extends User {
    int level;
    VipUser(long id, String name, int level) { super(id, name); this.level = level; }
}

class Primitives implements Serializable {
    boolean z = true;
    byte b = -3;
    short s = 1000;
    int i = 100000;
    long j = 5000000000L;
    float f = 0.25f;
    double d = 1.0E-5;
    char c = 'q';
    Integer boxedInt = 7;
    Long boxedLong = 8L;
    String text = "t";
    Object nothing = null;
    transient int skipped = 99;
    static int alsoSkipped = 98;
}

class OrderLine implements Serializable {
    int qty = 2;
    String sku = "A-1";
    BigDecimal price = new BigDecimal("9.99");
}

class Order implements Serializable {
    long orderId = 9001;
    String note = null;
    User buyer = new User(7, "bob");
    List<OrderLine> lines = new ArrayList<>(List.of(new OrderLine()));
    Map<String, String> tags = new HashMap<>(Map.of("k", "v"));
    Date created = new Date(1700000040000L);
}

class Node implements Serializable {
    String name;
    Node self;
}

enum Status { ACTIVE, DISABLED }

class BizException extends RuntimeException {
    int code;
    BizException(String m, int code) { super(m); this.code = code; }
}

class K0 implements Serializable { int v = 0; }
class K1 implements Serializable { int v = 1; }
class K2 implements Serializable { int v = 2; }
class K3 implements Serializable { int v = 3; }
class K4 implements Serializable { int v = 4; }
class K5 implements Serializable { int v = 5; }
class K6 implements Serializable { int v = 6; }
class K7 implements Serializable { int v = 7; }
class K8 implements Serializable { int v = 8; }
class K9 implements Serializable { int v = 9; }
class K10 implements Serializable { int v = 10; }
class K11 implements Serializable { int v = 11; }
class K12 implements Serializable { int v = 12; }
class K13 implements Serializable { int v = 13; }
class K14 implements Serializable { int v = 14; }
class K15 implements Serializable { int v = 15; }
class K16 implements Serializable { int v = 16; }

// ---- JSON arguments by declared Java type ---------------------------------------------------
//
// typed.tsv: "name<TAB>hex<TAB>declared type<TAB>JSON a user types<TAB>JSON svcctl prints". The
// hex is Caucho writing the Java value; the Rust side converts the JSON input by the declared
// type (direct mode, field types from types.json) and must produce the same bytes, and must
// render the bytes as the last column. types.json lists the classes' fields the way Dubbo's
// TypeDefinitionBuilder does (Field.getGenericType().getTypeName()), and enum constants.
class Typed {
    private static PrintStream out;
    private static SerializerFactory factory;
    static int count;

    static void write(String tsv, String typesJson, SerializerFactory f) throws Exception {
        factory = f;
        out = new PrintStream(tsv, StandardCharsets.UTF_8);
        cases();
        out.close();
        try (PrintStream t = new PrintStream(typesJson, StandardCharsets.UTF_8)) {
            t.print(types(Invoice.class, InvoiceLine.class, Scalars.class, Status.class, Ledger.Kind.class));
        }
        System.err.println("java typed corpus: " + count + " cases");
    }

    /** Single quotes stand for double quotes, to keep the JSON readable in Java source. */
    static String j(String s) { return s.replace('\'', '"'); }

    static void c(String name, Object value, String declared, String input, String output) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        Hessian2Output h = new Hessian2Output(bos);
        h.setSerializerFactory(factory);
        h.writeObject(value);
        h.flush();
        StringBuilder hex = new StringBuilder();
        for (byte b : bos.toByteArray()) hex.append(String.format("%02x", b & 0xff));
        out.print(name + "\t" + hex + "\t" + declared + "\t" + j(input) + "\t" + j(output) + "\n");
        count++;
    }

    static void c(String name, Object value, String declared, String json) throws Exception {
        c(name, value, declared, json, json);
    }

    static void cases() throws Exception {
        long may1 = 1714564800000L;
        c("date_iso_millis", new Date(may1 + 123), "java.util.Date", "'2024-05-01T12:00:00.123Z'");
        c("date_dubbo_format", new Date(may1), "java.util.Date", "'2024-05-01 12:00:00'", "'2024-05-01T12:00:00.000Z'");
        c("date_offset", new Date(may1), "java.util.Date", "'2024-05-01T14:00:00+02:00'", "'2024-05-01T12:00:00.000Z'");
        c("date_no_offset", new Date(may1 + 1000), "java.util.Date", "'2024-05-01T12:00:01'", "'2024-05-01T12:00:01.000Z'");
        c("date_epoch_ms", new Date(may1 + 7), "java.util.Date", "1714564800007", "'2024-05-01T12:00:00.007Z'");
        c("timestamp", new java.sql.Timestamp(1700000000123L), "java.sql.Timestamp", "'2023-11-14T22:13:20.123Z'");
        c("bigdecimal_scale", new BigDecimal("4210.50"), "java.math.BigDecimal", "4210.50");
        c("bigdecimal_beyond_double", new BigDecimal("12345678901234567.89"), "java.math.BigDecimal",
                "12345678901234567.89");
        c("bigdecimal_string", new BigDecimal("0.1"), "java.math.BigDecimal", "'0.1'", "0.1");
        c("bigdecimal_exp", new BigDecimal("1E+10"), "java.math.BigDecimal", "1E+10");
        c("bigdecimal_small", new BigDecimal("-0.00000001"), "java.math.BigDecimal", "-0.00000001", "-1E-8");
        c("biginteger", new BigInteger("12345678901234567890"), "java.math.BigInteger", "12345678901234567890");
        c("biginteger_2_100", BigInteger.ONE.shiftLeft(100), "java.math.BigInteger",
                "1267650600228229401496703205376");
        c("biginteger_neg_string", new BigInteger("-5"), "java.math.BigInteger", "'-5'", "-5");
        c("biginteger_zero", BigInteger.ZERO, "java.math.BigInteger", "0");
        c("long_small", 5L, "long", "5");
        c("long_beyond_2_53", 9007199254740993L, "java.lang.Long", "9007199254740993");
        c("int", 300, "int", "300");
        c("double_integral", 2.0, "double", "2", "2.0");
        c("double", 0.1, "java.lang.Double", "0.1");
        c("boolean", true, "boolean", "true");
        c("char", 'x', "char", "'x'");
        c("string", "caf\u00e9", "java.lang.String", "'caf\u00e9'");
        c("bytes", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}, "byte[]", "'AAEC/v8='");
        c("enum", Status.ACTIVE, "com.example.Status", "'ACTIVE'");
        c("enum_nested", Ledger.Kind.CREDIT, "com.example.Ledger.Kind", "'CREDIT'");
        c("list_of_long", new ArrayList<>(List.of(1L, 2L)), "java.util.List<java.lang.Long>", "[1,2]");
        c("set_of_string", new HashSet<>(List.of("a", "b")), "java.util.Set<java.lang.String>", "['a','b']");
        Map<String, Long> sl = new HashMap<>();
        sl.put("a", 1L);
        c("map_string_long", sl, "java.util.Map<java.lang.String, java.lang.Long>", "{'a':1}");
        Map<Long, String> ls = new HashMap<>();
        ls.put(7L, "x");
        c("map_long_string", ls, "java.util.Map<java.lang.Long,java.lang.String>", "{'7':'x'}");
        c("long_array", new long[] {1, 1L << 40}, "long[]", "[1,1099511627776]");
        c("int_array_2d", new int[][] {{1}, {2, 3}}, "int[][]", "[[1],[2,3]]");
        c("string_array", new String[] {"a", null}, "java.lang.String[]", "['a',null]");
        c("date_array", new Date[] {new Date(60000)}, "java.util.Date[]", "['1970-01-01T00:01:00.000Z']");
        c("bigdecimal_array", new BigDecimal[] {new BigDecimal("1.10"), new BigDecimal("2")},
                "java.math.BigDecimal[]", "[1.10,2]");
        c("scalars_pojo", new Scalars(), "com.example.Scalars",
                "{'class':'com.example.Scalars','z':true,'b':-3,'s':1000,'i':100000,'j':5,'f':0.1,'d':0.1,'c':'q'}",
                "{'class':'com.example.Scalars','z':true,'b':-3,'s':1000,'i':100000,'j':5,'f':0.10000000149011612,"
                        + "'d':0.1,'c':'q'}");
        String line = "{'class':'com.example.InvoiceLine','qty':2,'sku':'A-1','price':9.99}";
        c("pojo_list", new ArrayList<>(List.of(new InvoiceLine())), "java.util.List<com.example.InvoiceLine>",
                "[" + line + "]");
        c("pojo_array", new InvoiceLine[] {new InvoiceLine()}, "com.example.InvoiceLine[]", "[" + line + "]");
        // Field order is Caucho's: primitives and java.lang.* first, then the rest, each in
        // declaration order. The input drops `class` for nested POJOs: the field type says it.
        c("invoice", new Invoice(), "com.example.Invoice",
                "{'class':'com.example.Invoice','id':7,'sign':'\u20ac','amount':4210.50,"
                        + "'issuedAt':'2024-05-01 12:00:00','status':'ACTIVE',"
                        + "'lines':[{'qty':2,'sku':'A-1','price':'9.99'}],'weights':{'a':1},"
                        + "'blob':'AAE=','stamp':1700000000123,'ledgerNo':12345678901234567890,"
                        + "'kind':'DEBIT','tags':['x']}",
                "{'class':'com.example.Invoice','id':7,'sign':'\u20ac','amount':4210.50,"
                        + "'issuedAt':'2024-05-01T12:00:00.000Z','status':'ACTIVE',"
                        + "'lines':[" + line + "],'weights':{'a':1},"
                        + "'blob':'AAE=','stamp':'2023-11-14T22:13:20.123Z','ledgerNo':12345678901234567890,"
                        + "'kind':'DEBIT','tags':['x']}");
    }

    static String q(String s) { return Corpus.q(s); }

    /** The classes in the 3.x metadata shape: properties as type-name strings. */
    static String types(Class<?>... classes) {
        StringBuilder b = new StringBuilder("{\"types\":[");
        for (int n = 0; n < classes.length; n++) {
            Class<?> cl = classes[n];
            if (n > 0) b.append(',');
            b.append("{\"type\":").append(q(cl.getName()));
            if (cl.isEnum()) {
                b.append(",\"enums\":[");
                Object[] constants = cl.getEnumConstants();
                for (int i = 0; i < constants.length; i++) {
                    if (i > 0) b.append(',');
                    b.append(q(((Enum<?>) constants[i]).name()));
                }
                b.append(']');
            } else {
                b.append(",\"properties\":{");
                boolean first = true;
                for (java.lang.reflect.Field f : cl.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (java.lang.reflect.Modifier.isStatic(m) || java.lang.reflect.Modifier.isTransient(m)) continue;
                    if (!first) b.append(',');
                    first = false;
                    b.append(q(f.getName())).append(':').append(q(f.getGenericType().getTypeName()));
                }
                b.append('}');
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }
}

class Scalars implements Serializable {
    boolean z = true;
    byte b = -3;
    short s = 1000;
    int i = 100000;
    long j = 5;
    float f = 0.1f;
    double d = 0.1;
    char c = 'q';
}

class InvoiceLine implements Serializable {
    int qty = 2;
    String sku = "A-1";
    BigDecimal price = new BigDecimal("9.99");
}

class Ledger {
    enum Kind { DEBIT, CREDIT }
}

class Invoice implements Serializable {
    long id = 7;
    BigDecimal amount = new BigDecimal("4210.50");
    Date issuedAt = new Date(1714564800000L);
    Status status = Status.ACTIVE;
    List<InvoiceLine> lines = new ArrayList<>(List.of(new InvoiceLine()));
    Map<String, Long> weights = new HashMap<>(Map.of("a", 1L));
    byte[] blob = {0, 1};
    char sign = '\u20ac';
    java.sql.Timestamp stamp = new java.sql.Timestamp(1700000000123L);
    BigInteger ledgerNo = new BigInteger("12345678901234567890");
    Ledger.Kind kind = Ledger.Kind.DEBIT;
    Set<String> tags = new HashSet<>(List.of("x"));
}
