package org.radbridge.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutation-based input generation for the parser fuzz properties: a seed (a real message, PDU stream,
 * data set or JSON body) changed by a short list of {@link Op}s — bit flips, interesting bytes, byte
 * insertion and deletion, delimiter/token swaps and insertions, repetition blow-up of a chunk, truncation,
 * "huge length" numbers written over length fields, and splices from another seed. The ops are the jqwik
 * sample (so a failure shrinks to the fewest ops), the resulting bytes are what the parser gets.
 * The size of a blow-up is capped by {@code -Dfuzz.max-bytes} (default 256 KiB).
 */
public final class Mutator {

    /** What one mutation does. */
    public enum Kind { FLIP_BIT, SET_BYTE, INSERT_BYTES, DELETE, REPEAT_CHUNK, TRUNCATE, SWAP_TOKEN, INSERT_TOKEN, PUT_NUMBER, SPLICE }

    /** One mutation; a, b and c select positions, lengths and values modulo what the input offers. */
    public record Op(Kind kind, int a, int b, int c) {
        @Override
        public String toString() {
            return kind + "(" + a + "," + b + "," + c + ")";
        }
    }

    /** A generated input: which seed, which ops, the bytes. toString stays short for reports. */
    public record Input(String seed, List<Op> ops, byte[] bytes) {
        @Override
        public String toString() {
            return "seed=" + seed + " ops=" + ops + " -> " + bytes.length + " bytes sha1=" + Regressions.sha1(bytes).substring(0, 12);
        }
    }

    static final int MAX_BYTES = Integer.getInteger("fuzz.max-bytes", 256 * 1024);

    private static final byte[] INTERESTING = {0x00, 0x0B, 0x1C, 0x0D, 0x0A, '|', '^', '~', '\\', '&', (byte) 0xFF,
        (byte) 0x80, 0x7F, ' ', '"', '{', '}', '[', ']', ':', ',', '.', '0', '9', (byte) 0xFE, (byte) 0xC3};
    private static final long[] NUMBERS = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 0xFFFFFFFEL, 0x00FFFFFFL, 1L << 20, 1L << 24};

    private final List<Seeds.Seed> seeds;
    private final List<byte[]> tokens;

    /**
     * @param seeds the starting inputs (at least one)
     * @param tokens format-specific tokens to insert and swap (delimiters, segment ids, escape sequences, tags)
     */
    public Mutator(List<Seeds.Seed> seeds, List<String> tokens) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        List<byte[]> t = new ArrayList<>();
        for (String s : tokens) {
            t.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        this.tokens = t;
    }

    public int seedCount() {
        return seeds.size();
    }

    /** Mutated seeds (9 in 10) and plain random bytes (1 in 10). */
    public Arbitrary<Input> inputs() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().greaterOrEqual(0)).as(Op::new);
        Arbitrary<Input> mutated = Combinators.combine(Arbitraries.integers().between(0, seeds.size() - 1),
                op.list().ofMaxSize(8)).as((i, ops) -> new Input(seeds.get(i).name(), ops, apply(seeds.get(i).bytes(), ops)));
        Arbitrary<Input> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096)
                .map(b -> new Input("random", List.of(), b));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, mutated), net.jqwik.api.Tuple.of(1, random));
    }

    /** Applies the ops in order to a copy of the seed. Deterministic. */
    public byte[] apply(byte[] seed, List<Op> ops) {
        byte[] b = seed.clone();
        for (Op op : ops) {
            b = apply(b, op);
            if (b.length > MAX_BYTES) {
                b = Arrays.copyOf(b, MAX_BYTES);
            }
        }
        return b;
    }

    private byte[] apply(byte[] b, Op op) {
        int n = b.length;
        int pos = n == 0 ? 0 : Math.floorMod(op.a(), n);
        switch (op.kind()) {
            case FLIP_BIT -> {
                if (n > 0) {
                    b[pos] ^= (byte) (1 << (op.b() & 7));
                }
                return b;
            }
            case SET_BYTE -> {
                if (n > 0) {
                    b[pos] = INTERESTING[op.c() % INTERESTING.length];
                }
                return b;
            }
            case INSERT_BYTES -> {
                byte[] ins = new byte[1 + op.b() % 16];
                long x = op.c() * 0x9E3779B97F4A7C15L + 1;
                for (int i = 0; i < ins.length; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    ins[i] = (byte) x;
                }
                return insert(b, n == 0 ? 0 : Math.floorMod(op.a(), n + 1), ins);
            }
            case DELETE -> {
                int len = Math.min(n - pos, 1 + op.b() % 64);
                return n == 0 ? b : concat(Arrays.copyOfRange(b, 0, pos), Arrays.copyOfRange(b, pos + len, n));
            }
            case REPEAT_CHUNK -> {
                if (n == 0) {
                    return b;
                }
                int len = Math.min(n - pos, 1 + op.b() % 32);
                byte[] chunk = Arrays.copyOfRange(b, pos, pos + len);
                int times = Math.min(2 + op.c() % 50_000, Math.max(1, (MAX_BYTES - n) / len));
                byte[] rep = new byte[len * times];
                for (int i = 0; i < times; i++) {
                    System.arraycopy(chunk, 0, rep, i * len, len);
                }
                return insert(b, pos, rep);
            }
            case TRUNCATE -> {
                return Arrays.copyOf(b, pos);
            }
            case SWAP_TOKEN -> {
                if (tokens.isEmpty()) {
                    return b;
                }
                byte[] from = tokens.get(op.b() % tokens.size());
                byte[] to = tokens.get(op.c() % tokens.size());
                if (from.length != 1 || to.length != 1) {
                    return b;
                }
                for (int i = 0; i < n; i++) {
                    if (b[i] == from[0]) {
                        b[i] = to[0];
                    }
                }
                return b;
            }
            case INSERT_TOKEN -> {
                if (tokens.isEmpty()) {
                    return b;
                }
                return insert(b, n == 0 ? 0 : Math.floorMod(op.a(), n + 1), tokens.get(op.b() % tokens.size()));
            }
            case PUT_NUMBER -> {
                long v = NUMBERS[op.c() % NUMBERS.length];
                if ((op.c() / NUMBERS.length) % 3 == 1) {
                    v = n + (op.c() % 3) - 1; // the input's own length, off by one either way
                }
                int width = (op.b() & 2) != 0 ? 4 : 2;
                boolean bigEndian = (op.b() & 1) != 0;
                for (int i = 0; i < width && pos + i < n; i++) {
                    int shift = bigEndian ? 8 * (width - 1 - i) : 8 * i;
                    b[pos + i] = (byte) (v >>> shift);
                }
                return b;
            }
            case SPLICE -> {
                byte[] other = seeds.get(op.b() % seeds.size()).bytes();
                if (other.length == 0) {
                    return b;
                }
                int from = Math.floorMod(op.c(), other.length);
                int len = Math.min(other.length - from, 1 + op.c() % 256);
                return insert(b, n == 0 ? 0 : Math.floorMod(op.a(), n + 1), Arrays.copyOfRange(other, from, from + len));
            }
            default -> throw new IllegalStateException(op.kind().toString());
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
