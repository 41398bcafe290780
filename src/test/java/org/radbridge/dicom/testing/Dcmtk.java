package org.radbridge.dicom.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real DCMTK tools (3.6.7 from Debian) for interop tests: echoscu, findscu, dcmdump, dump2dcm,
 * dcm2json and the wlmscpfs worklist SCP. Every process gets TCP_NODELAY=1 (DCMTK leaves Nagle on),
 * a timeout, and captured output. wlmscpfs has no bind-address option, so it runs with the bind2lo
 * LD_PRELOAD shim (compiled once from src/test/resources/dicom/bind2lo.c) and is checked to listen on
 * 127.0.0.1 only. Tests call {@link #assumeAvailable} first, which skips them with a clear message when
 * DCMTK is not installed (CI installs it).
 */
public final class Dcmtk {

    /** Output of one tool run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }

        public Result assertOk(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited " + exitCode + "\n" + all());
            }
            return this;
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Dcmtk() {
    }

    /** True if the tool is on the PATH. */
    public static boolean available(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test unless every tool is installed. */
    public static void assumeAvailable(String... tools) {
        for (String t : tools) {
            assumeTrue(available(t), "DCMTK tool '" + t + "' not installed: skipping interop test "
                    + "(install with 'apt-get install -y dcmtk'; CI does)");
        }
    }

    /** Runs a command with TCP_NODELAY=1, in workDir (null: a temp dir), killing it after the timeout. */
    public static Result run(Path workDir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        boolean ownDir = workDir == null;
        Path dir = ownDir ? Files.createTempDirectory("dcmtk") : workDir;
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " timed out after " + timeout + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (ownDir) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    public static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        return run(workDir, DEFAULT_TIMEOUT, List.of(command));
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ tools

    /** echoscu -v -aet calling -aec called host port. */
    public static Result echoscu(String host, int port, String callingAe, String calledAe, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("echoscu", "-v", "-aet", callingAe, "-aec", calledAe));
        cmd.addAll(Arrays.asList(extra));
        cmd.add(host);
        cmd.add(Integer.toString(port));
        return run(null, DEFAULT_TIMEOUT, cmd);
    }

    /**
     * findscu -v -aet calling -aec called [args] host port, run in workDir (where -X writes rsp0001.dcm ...).
     * Pass "-W" for the worklist model and "-k" key pairs in args.
     */
    public static Result findscu(Path workDir, String host, int port, String callingAe, String calledAe, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("findscu", "-v", "-aet", callingAe, "-aec", calledAe));
        cmd.addAll(Arrays.asList(args));
        cmd.add(host);
        cmd.add(Integer.toString(port));
        return run(workDir, DEFAULT_TIMEOUT, cmd);
    }

    /** The response files findscu -X wrote in workDir, in order. */
    public static List<Path> responseFiles(Path workDir) throws IOException {
        try (var s = Files.list(workDir)) {
            return s.filter(p -> p.getFileName().toString().matches("rsp\\d+\\.dcm")).sorted().toList();
        }
    }

    /** dcmdump [options] file (add "+U8" to get text converted to UTF-8). */
    public static Result dcmdump(Path file, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dcmdump"));
        cmd.addAll(Arrays.asList(options));
        cmd.add(file.toString());
        return run(file.getParent(), DEFAULT_TIMEOUT, cmd);
    }

    /** dump2dcm [options] dumpText -> out (the dump is written UTF-8 next to out). */
    public static Path dump2dcm(String dumpText, Path out, String... options) throws IOException, InterruptedException {
        Path dump = out.resolveSibling(out.getFileName() + ".dump");
        Files.writeString(dump, dumpText, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("dump2dcm"));
        cmd.addAll(Arrays.asList(options));
        cmd.add(dump.toString());
        cmd.add(out.toString());
        run(out.getParent(), DEFAULT_TIMEOUT, cmd).assertOk("dump2dcm");
        Files.delete(dump);
        return out;
    }

    /** dcm2json file -> JSON text. */
    public static String dcm2json(Path file) throws IOException, InterruptedException {
        return run(file.getParent(), "dcm2json", file.toString()).assertOk("dcm2json").stdout();
    }

    // ------------------------------------------------------------------ ports and loopback

    /** A free TCP port on 127.0.0.1 (closed again; a tiny race with other processes is accepted). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Local addresses (e.g. "127.0.0.1") that listen on port, read from /proc/net/tcp and tcp6. */
    public static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] c = line.trim().split("\\s+");
                if (c.length < 4 || !c[3].equals("0A")) { // 0A = LISTEN
                    continue;
                }
                String[] local = c[1].split(":");
                if (Integer.parseInt(local[1], 16) == port) {
                    out.add(decodeAddress(local[0]));
                }
            }
        }
        return out;
    }

    private static String decodeAddress(String hex) {
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 24) & 0xFF);
        }
        return hex.toLowerCase(Locale.ROOT).equals("00000000000000000000000001000000") ? "::1"
                : hex.toLowerCase(Locale.ROOT).equals("00000000000000000000000000000000") ? "::" : hex;
    }

    /** Compiles the bind2lo shim once per build into target/dicom-tools/ and returns the .so. */
    public static synchronized Path bind2lo() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("radbridge.project.dir", "."), "target", "dicom-tools");
        Path so = dir.resolve("bind2lo.so");
        if (Files.exists(so)) {
            return so;
        }
        assumeTrue(available("gcc"), "gcc not installed: cannot build the loopback shim for DCMTK servers");
        Files.createDirectories(dir);
        Path src = dir.resolve("bind2lo.c");
        try (var in = Dcmtk.class.getResourceAsStream("/dicom/bind2lo.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path tmp = dir.resolve("bind2lo.so.tmp");
        run(dir, "gcc", "-shared", "-fPIC", "-O2", "-o", tmp.toString(), src.toString(), "-ldl").assertOk("gcc bind2lo");
        Files.move(tmp, so, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return so;
    }

    // ------------------------------------------------------------------ servers

    /** A DCMTK server process (wlmscpfs): stopped by {@link #close()}, output kept in a log file. */
    public static final class Peer implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path log;

        Peer(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        public int port() {
            return port;
        }

        public long pid() {
            return process.pid();
        }

        public String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Starts wlmscpfs serving dataFiles (layout: dataFiles/CALLED_AE/*.wl plus an empty lockfile) on
     * 127.0.0.1:port, confined to loopback by the bind2lo shim, and waits until it listens.
     */
    public static Peer startWlmscpfs(Path dataFiles, int port, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wlmscpfs", "-dfp", dataFiles.toString()));
        cmd.addAll(Arrays.asList(options));
        cmd.add(Integer.toString(port));
        Path log = Files.createTempFile(dataFiles, "wlmscpfs", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataFiles.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        pb.environment().put("LD_PRELOAD", bind2lo().toAbsolutePath().toString());
        Process p = pb.start();
        Peer peer = new Peer(p, port, log);
        long deadline = System.currentTimeMillis() + 10_000;
        while (listeningAddresses(port).isEmpty()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                peer.close();
                throw new AssertionError("wlmscpfs did not start on port " + port + ":\n" + peer.log());
            }
            Thread.sleep(20);
        }
        List<String> addrs = listeningAddresses(port);
        if (!addrs.stream().allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"))) {
            peer.close();
            throw new AssertionError("wlmscpfs listens beyond loopback: " + addrs);
        }
        return peer;
    }
}
