package io.snowgate.cli.soak;

import io.snowgate.cli.soak.InvocationRecord.Role;
import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.cli.soak.SoakPlan.Kind;
import io.snowgate.cli.soak.SoakVerdicts.Evidence;
import io.snowgate.cli.soak.SoakVerdicts.Failure;
import io.snowgate.emulator.secretsmanager.Rotation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A finished soak's figures and verdict, printed as a short plain-text table. It passes only with zero recoverable
 * failures, zero failures with the wrong code, zero statements run twice that must not be, no acknowledged write
 * missing, no secret material in any output, a rotation that succeeded, and no problem with the soak itself.
 */
public final class SoakReport {

    /** How many failures, duplicates and leaks the report lists one by one. */
    static final int LISTED = 20;

    private final Evidence evidence;
    private final List<Failure> failures;
    private final List<String> duplicates;
    private final List<String> missingWrites;
    private final int rerunAfterLostResponse;
    private final List<String> unexpectedReruns;

    SoakReport(Evidence evidence, List<Failure> failures, List<String> duplicates, List<String> missingWrites,
            int rerunAfterLostResponse, List<String> unexpectedReruns) {
        this.evidence = evidence;
        this.failures = List.copyOf(failures);
        this.duplicates = List.copyOf(duplicates);
        this.missingWrites = List.copyOf(missingWrites);
        this.rerunAfterLostResponse = rerunAfterLostResponse;
        this.unexpectedReruns = List.copyOf(unexpectedReruns);
    }

    public long recoverableFailures() {
        return failures.stream().filter(Failure::recoverable).count();
    }

    public long unrecoverableFailures() {
        return failures.stream().filter(f -> !f.recoverable() && f.rightCode()).count();
    }

    public long wrongCodes() {
        return failures.stream().filter(f -> !f.recoverable() && !f.rightCode()).count();
    }

    public int duplicates() {
        return duplicates.size();
    }

    public int leaks() {
        return evidence.leaks().size();
    }

    public List<String> problems() {
        return evidence.problems();
    }

    /** The unrecoverable failures by code and cause. */
    public Map<String, Long> unrecoverableByCode() {
        return failures.stream().filter(f -> !f.recoverable() && f.rightCode())
                .collect(Collectors.groupingBy(f -> f.record().code() + "  " + f.cause(), TreeMap::new,
                        Collectors.counting()));
    }

    /** Whether the rotation started mid-run finished with AWSCURRENT on the new key. */
    public boolean rotationSucceeded() {
        return evidence.rotation().map(r -> r.status() == Rotation.Status.SUCCEEDED).orElse(false);
    }

    /** Lambda invocations of each role (an asynchronous run is a start and its polls). */
    public Map<Role, Long> invocationsByRole() {
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        evidence.records().forEach(r -> counts.merge(r.role(), 1L, Long::sum));
        return counts;
    }

    public boolean passed() {
        return recoverableFailures() == 0 && wrongCodes() == 0 && duplicates.isEmpty() && missingWrites.isEmpty()
                && evidence.leaks().isEmpty() && rotationSucceeded() && evidence.problems().isEmpty();
    }

    public void print(PrintWriter out) {
        SoakSettings settings = evidence.settings();
        Map<Role, Long> roles = invocationsByRole();
        Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        evidence.records().stream().filter(r -> r.role() != Role.POLL)
                .forEach(r -> kinds.merge(r.work().kind(), 1L, Long::sum));
        out.println("Snowgate chaos soak");
        row(out, "seed", settings.seed() + "   (replay: ./snowgate soak --seed " + settings.seed()
                + " --environments " + settings.environments() + " --invocations " + settings.invocations() + ")");
        row(out, "size", settings.environments() + " environments x " + settings.invocations() + " invocations");
        row(out, "machine", machine());
        row(out, "duration", duration(evidence.took()) + " (invocations " + duration(evidence.invocationsTook())
                + ")");
        out.println();
        row(out, "invocations", kinds.values().stream().mapToLong(Long::longValue).sum());
        for (Kind kind : Kind.values()) {
            row(out, "  " + kind.label(), kinds.getOrDefault(kind, 0L)
                    + (kind == Kind.HTTP_ASYNC ? "   (" + roles.getOrDefault(Role.POLL, 0L) + " polls, any environment)"
                            : ""));
        }
        row(out, "Lambda invocations", evidence.records().size());
        out.println();
        out.println("faults injected" + " ".repeat(47) + "aimed      hit");
        for (StatementFault fault : StatementFault.values()) {
            long aimed = evidence.records().stream().filter(r -> r.role() != Role.POLL)
                    .filter(r -> r.work().fault().equals(Optional.of(fault))).count();
            long hit = evidence.records().stream().filter(r -> r.consumedStatementFault().equals(Optional.of(fault)))
                    .count();
            out.printf(Locale.ROOT, "  %-58s %6d %8d%n", fault.description(), aimed, hit);
        }
        for (SecretsFault fault : SecretsFault.values()) {
            long hit = evidence.records().stream().filter(r -> r.consumedSecretsFault().equals(Optional.of(fault)))
                    .count();
            out.printf(Locale.ROOT, "  %-58s %6s %8d%n", fault.description(), "-", hit);
        }
        for (GlobalFault fault : GlobalFault.values()) {
            List<String> effects = evidence.fired().stream().filter(f -> f.fault() == fault)
                    .map(f -> "at " + f.afterCompleted() + ": " + f.effect()).toList();
            out.printf(Locale.ROOT,
                    "  %-58s %6d   %s%n", fault.description(), effects.size(), String.join(", ", effects));
        }
        row(out, "  logins refused", evidence.loginsRefused().size());
        row(out, "  key rotation", rotation());
        out.println();
        row(out, "failures where recovery was possible", recoverableFailures() + "   (must be 0)");
        row(out, "failures where it was not, right code", unrecoverableFailures());
        unrecoverableByCode().forEach((cause, count) -> out.printf(Locale.ROOT, "    %6d  %s%n", count, cause));
        row(out, "failures with the wrong code", wrongCodes() + "   (must be 0)");
        row(out, "statements run twice (not retry-safe)", duplicates.size() + "   (must be 0)");
        row(out, "acknowledged writes missing", missingWrites.size() + "   (must be 0)");
        row(out, "retry-safe statements the driver re-ran", rerunAfterLostResponse + " after a lost response (allowed)"
                + (unexpectedReruns.isEmpty() ? "" : ", " + unexpectedReruns.size() + " without one"));
        row(out, "secret material in any output", evidence.leaks().size() + "   (must be 0; searched "
                + megabytes(evidence.workDirectory()) + ")");
        row(out, "GetSecretValue per environment", secretReads());
        long[] reads = evidence.secretReads();
        for (int first = 0; first < reads.length; first += 8) {
            StringBuilder line = new StringBuilder();
            for (int e = first; e < Math.min(reads.length, first + 8); e++) {
                line.append("%se%02d %d".formatted(e == first ? "" : ", ", e, reads[e]));
            }
            row(out, first == 0 ? "  by environment" : "", line);
        }
        row(out, "problems with the soak itself", evidence.problems().size() + "   (must be 0)");
        out.println();
        listFailures(out);
        list(out, "statements run twice", duplicates);
        list(out, "acknowledged writes missing", missingWrites);
        list(out, "retry-safe statements re-run without a lost response", unexpectedReruns);
        list(out, "secret material", evidence.leaks().stream()
                .map(l -> l.file() + ", " + l.invocation() + ": " + l.what()).toList());
        list(out, "problems", evidence.problems());
        out.println(passed() ? "PASS" : "FAIL   (transcripts: " + evidence.workDirectory() + ")");
        out.flush();
    }

    /** Every failed invocation with its verdict, one per line, for reading a run past the first few. */
    public void writeFailures(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Failure f : failures) {
            text.append(f.record().requestId()).append('\t').append(f.record().role().label()).append('\t')
                    .append(f.record().environment()).append('\t').append(f.record().code()).append('\t')
                    .append(f.recoverable() ? "recoverable" : f.rightCode() ? "unrecoverable" : "wrong code")
                    .append('\t').append(f.expected()).append('\t').append(f.cause()).append('\t')
                    .append(f.record().duration().toMillis()).append(" ms\t").append(f.record().detail())
                    .append('\n');
        }
        Files.writeString(file, text);
    }

    private void listFailures(PrintWriter out) {
        List<String> wrong = failures.stream().filter(f -> f.recoverable() || !f.rightCode())
                .map(f -> f.record() + ": " + f.record().code()
                        + (f.recoverable() ? " (recoverable; " : " (expected " + f.expected() + "; ") + f.cause()
                        + ") after " + f.record().duration().toMillis() + " ms: " + f.record().detail())
                .toList();
        list(out, "failures that should not have happened", wrong);
    }

    private static void list(PrintWriter out, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println(title + ":");
        items.stream().limit(LISTED).forEach(item -> out.println("  " + item));
        if (items.size() > LISTED) {
            out.println("  ... and " + (items.size() - LISTED) + " more");
        }
        out.println();
    }

    private String rotation() {
        Optional<Rotation> rotation = evidence.rotation();
        if (rotation.isEmpty()) {
            return "not started";
        }
        return rotation.get().status().name().toLowerCase(java.util.Locale.ROOT) + " after "
                + rotation.get().attempts().size() + " attempt(s), previous key revoked";
    }

    private String secretReads() {
        long[] reads = evidence.secretReads().clone();
        Arrays.sort(reads);
        if (reads.length == 0) {
            return "none";
        }
        // Twice the median, so that an even count's half (3.5 reads) prints as such rather than rounded down.
        long twiceMedian = reads.length % 2 == 1 ? 2 * reads[reads.length / 2]
                : reads[reads.length / 2 - 1] + reads[reads.length / 2];
        String median = twiceMedian / 2 + (twiceMedian % 2 == 0 ? "" : ".5");
        return "min " + reads[0] + ", median " + median + ", max " + reads[reads.length - 1]
                + (evidence.unattributedSecretReads() == 0 ? ""
                        : " (" + evidence.unattributedSecretReads() + " outside any invocation)");
    }

    private static void row(PrintWriter out, String label, Object value) {
        out.printf(Locale.ROOT, "%-42s %s%n", label, value);
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? "%dm %02ds".formatted(seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    /** CPUs, CPU model and JDK: the machine the figures were measured on. */
    static String machine() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(model);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the CPU count and JDK still say enough.
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs, " + model + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    private static String megabytes(Path directory) {
        try (var files = Files.list(directory)) {
            long bytes = files.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
            return String.format(Locale.ROOT, "%.1f MB of logs, answers and errors", bytes / 1_000_000.0);
        } catch (IOException e) {
            return "the transcripts";
        }
    }
}
