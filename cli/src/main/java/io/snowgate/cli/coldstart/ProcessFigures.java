package io.snowgate.cli.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a child process of the cold-start benchmark says about itself when it has its result: CPU time (user + system,
 * all threads, since the JVM started) and peak resident set size, read from {@code /proc/self} (Linux's own process
 * accounting, the figures {@code /usr/bin/time} prints), so measuring loads no class beyond {@code java.nio.file}.
 * The result line is one line on stdout, {@value #PREFIX} followed by {@code key=value} pairs.
 */
final class ProcessFigures {

    static final String PREFIX = "snowgate-cold-start:";
    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Lambda runs. */
    private static final long TICK_MILLIS = 10;

    private ProcessFigures() {
    }

    /** This process's entry in {@code /proc}. */
    static final Path SELF = Path.of("/proc/self");

    /** CPU time so far of the process whose {@code /proc} entry is {@code process}, user + system, in milliseconds. */
    static long cpuMillis(Path process) throws IOException {
        String stat = Files.readString(process.resolve("stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
    }

    /** Peak resident set size so far ({@code VmHWM}) of the process whose {@code /proc} entry is given, in KiB. */
    static long peakRssKib(Path process) throws IOException {
        for (String line : Files.readAllLines(process.resolve("status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException(process.resolve("status") + " has no VmHWM");
    }

    /**
     * The median of {@code values}: the middle one, or the mean of the two middle ones. Here, where both the children
     * and the benchmark that reads them can use it, so every median the benchmark reports is the same statistic.
     */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Prints the result line with the process's CPU and peak RSS after the given {@code key=value} pairs. */
    static void report(String pairs) throws IOException {
        String line = PREFIX + " " + pairs + " cpuMs=" + cpuMillis(SELF) + " peakRssKib=" + peakRssKib(SELF);
        System.out.println(line);
        System.out.flush();
    }
}
