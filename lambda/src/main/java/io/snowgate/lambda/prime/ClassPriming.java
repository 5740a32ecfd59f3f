package io.snowgate.lambda.prime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads and initialises, before a SnapStart snapshot, the classes a real cold invocation loads, so that the first
 * invocation after a restore finds them in the snapshot instead of loading them then: Powertools' class pre-loading,
 * with a list recorded at build time ({@value #RESOURCE}, written by {@code PrimedClassesRecorder} from a real run
 * of the handlers on the local stand-ins: login, statements, async runs and polls, results, failures).
 *
 * <p>Loading and initialising a class opens no socket and starts no thread, except for the classes in
 * {@link #LOAD_ONLY}, whose static initialisers would: those are loaded and not initialised, each with its reason.
 * {@code QueryFunctionSnapshotTest} proves that nothing of the kind survives priming.
 */
public final class ClassPriming {

    /** The recorded class list: one binary class name a line. */
    public static final String RESOURCE = "/io/snowgate/lambda/prime/classes.txt";

    /**
     * Classes loaded but not initialised, and why: their static initialisers do what must not be in a snapshot.
     * Found by {@code QueryFunctionSnapshotTest}, which fails on any thread or socket priming leaves; snowflake-jdbc
     * 4.4.1's static initialisers were read for executors, threads, timers, sockets and native loads, and start none.
     */
    static final Map<String, String> LOAD_ONLY = Map.of(
            "java.lang.VirtualThread", "its initialiser starts the JDK's VirtualThread-unblocker thread");

    /** What priming did: classes initialised, loaded only, and named in the list but not found. */
    public record Result(int initialised, int loadedOnly, List<String> missing) {
    }

    private ClassPriming() {
    }

    /**
     * Loads every class of the recorded list with {@code loader}, initialising all but {@link #LOAD_ONLY}. A class
     * the list names but the class path lacks is reported, not thrown: a deployed function must start even so (the
     * build fails on it instead, in {@code PrimedFirstInvocationIT}).
     */
    public static Result prime(ClassLoader loader) {
        int initialised = 0;
        int loadedOnly = 0;
        List<String> missing = new ArrayList<>();
        for (String name : recorded()) {
            boolean initialise = !LOAD_ONLY.containsKey(name);
            try {
                Class.forName(name, initialise, loader);
                if (initialise) {
                    initialised++;
                } else {
                    loadedOnly++;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(name);
            }
        }
        return new Result(initialised, loadedOnly, List.copyOf(missing));
    }

    /** The recorded class names, without blank lines and {@code #} comments; empty when no list was recorded. */
    public static List<String> recorded() {
        List<String> names = new ArrayList<>();
        try (InputStream in = ClassPriming.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return names;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return names;
    }
}
