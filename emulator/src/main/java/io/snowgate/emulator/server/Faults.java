package io.snowgate.emulator.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Faults planned for the requests a stand-in will receive, keyed by request kind (an operation name such as
 * {@code GetSecretValue}, or {@code login}, {@code query}). {@link #ANY} matches every kind. Thread-safe.
 */
public final class Faults {

    /** Matches requests of every kind. */
    public static final String ANY = "*";

    private final Map<String, Deque<Fault>> pending = new java.util.LinkedHashMap<>();
    private final Map<String, Duration> latency = new HashMap<>();

    /** Makes the next {@code times} requests of {@code kind} fail with {@code fault}, after any already planned. */
    public synchronized Faults failNext(String kind, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        Deque<Fault> queue = pending.computeIfAbsent(kind, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.addLast(fault);
        }
        return this;
    }

    /** Delays every request of {@code kind} by {@code delay} until cleared; a zero delay removes it. */
    public synchronized Faults delay(String kind, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            latency.remove(kind);
        } else {
            latency.put(kind, delay);
        }
        return this;
    }

    /** Consumes the next planned fault for a request of {@code kind}, a kind-specific one before an {@link #ANY}. */
    public synchronized Optional<Fault> take(String kind) {
        for (String key : new String[] {kind, ANY}) {
            Deque<Fault> queue = pending.get(key);
            if (queue != null && !queue.isEmpty()) {
                return Optional.of(queue.removeFirst());
            }
        }
        return Optional.empty();
    }

    /** The delay to add to a request of {@code kind}: its own, else the {@link #ANY} one, else zero. */
    public synchronized Duration latency(String kind) {
        return latency.getOrDefault(kind, latency.getOrDefault(ANY, Duration.ZERO));
    }

    /** How many planned faults remain for {@code kind}. */
    public synchronized int remaining(String kind) {
        Deque<Fault> queue = pending.get(kind);
        return queue == null ? 0 : queue.size();
    }

    /** A planned fault as {@code GET /_snowgate/faults} lists it: {@code times} equal faults in a row for a kind. */
    public record Planned(String kind, Fault fault, int times) {
    }

    /** The faults still planned, per kind in the order they will fire (equal neighbours counted together). */
    public synchronized List<Planned> planned() {
        List<Planned> planned = new ArrayList<>();
        pending.forEach((kind, queue) -> {
            Fault last = null;
            int run = 0;
            for (Fault fault : queue) {
                if (fault.equals(last)) {
                    run++;
                    continue;
                }
                if (last != null) {
                    planned.add(new Planned(kind, last, run));
                }
                last = fault;
                run = 1;
            }
            if (last != null) {
                planned.add(new Planned(kind, last, run));
            }
        });
        return planned;
    }

    /** The delays in force, by kind. */
    public synchronized Map<String, Duration> latencies() {
        return Map.copyOf(latency);
    }

    /** Removes every planned fault and delay. */
    public synchronized void clear() {
        pending.clear();
        latency.clear();
    }
}
