package io.snowgate.emulator.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests by kind, including those answered with a fault. Thread-safe. */
public final class RequestCounters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one request of {@code kind}. */
    public void increment(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** How many requests of {@code kind} arrived since the start or the last {@link #reset()}. */
    public long count(String kind) {
        LongAdder adder = counts.get(kind);
        return adder == null ? 0 : adder.sum();
    }

    /** Every kind seen so far with its count, sorted by kind. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, adder) -> copy.put(kind, adder.sum()));
        return copy;
    }

    public void reset() {
        counts.clear();
    }
}
