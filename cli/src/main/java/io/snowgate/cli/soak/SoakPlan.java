package io.snowgate.cli.soak;

import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Everything the soak will do, decided by its seed alone, before anything runs: each environment's invocations (kind,
 * query, parameters), the statement faults aimed at some of them, the Secrets Manager fault of each environment's
 * reading episodes, where polls land, and when the faults that hit every environment happen. Threads decide only the
 * interleaving: the same seed plans the same run.
 */
final class SoakPlan {

    /** The share of invocations whose statement gets a fault, and the fewest such (so every kind appears). */
    static final double STATEMENT_FAULT_SHARE = 0.05;
    /** The share of later Secrets Manager episodes (after the cold start) with a fault. */
    static final double SECRETS_FAULT_SHARE = 0.5;
    /** The cold-start episodes cycle through these, so that even four environments see each of them. */
    static final List<Optional<SecretsFault>> COLD_START_CYCLE = List.of(Optional.of(SecretsFault.OUTAGE),
            Optional.of(SecretsFault.THROTTLED_ONCE), Optional.empty(), Optional.of(SecretsFault.UNAVAILABLE_ONCE));
    /** When the faults that hit every environment happen, as shares of all invocations completed. */
    private static final List<Timed> GLOBAL_FAULTS = List.of(
            new Timed(0.08, GlobalFault.SESSION_TOKENS_EXPIRE),
            new Timed(0.15, GlobalFault.LOGIN_REFUSED_ONCE),
            new Timed(0.16, GlobalFault.SESSIONS_ENDED),
            new Timed(0.30, GlobalFault.MASTER_TOKENS_EXPIRE),
            new Timed(0.40, GlobalFault.KEY_ROTATION),
            new Timed(0.55, GlobalFault.SESSIONS_ENDED),
            new Timed(0.62, GlobalFault.SESSION_TOKENS_EXPIRE),
            new Timed(0.70, GlobalFault.LOGIN_REFUSED_ONCE),
            new Timed(0.71, GlobalFault.SESSIONS_ENDED),
            new Timed(0.85, GlobalFault.MASTER_TOKENS_EXPIRE),
            new Timed(0.92, GlobalFault.SESSIONS_ENDED));

    /** How an invocation reaches the function. */
    enum Kind {
        SCHEDULED("scheduled"), HTTP_SYNC("http sync"), HTTP_ASYNC("http async, then polls");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** The soak catalog's queries ({@code soak-catalog.yaml}). */
    enum SoakQuery {
        READ("soak_read", true), WRITE("soak_write", false), REPORT("soak_report", true);

        private final String catalogName;
        private final boolean retrySafe;

        SoakQuery(String catalogName, boolean retrySafe) {
            this.catalogName = catalogName;
            this.retrySafe = retrySafe;
        }

        String catalogName() {
            return catalogName;
        }

        boolean retrySafe() {
            return retrySafe;
        }
    }

    /**
     * One planned invocation.
     *
     * @param id      the invocation's request id (Lambda's, and so its statement's QUERY_TAG), unique in the run
     * @param n       a value for the query's {@code n}
     * @param seconds how long a {@link SoakQuery#REPORT} run takes
     * @param fault   the fault aimed at its statement, if any
     */
    record Work(int environment, int index, String id, Kind kind, SoakQuery query, int n, int seconds,
            Optional<StatementFault> fault) {
    }

    /** A fault that hits every environment once {@code share} of all invocations have completed. */
    record Timed(double share, GlobalFault fault) {
    }

    /** A global fault at the number of completed invocations that sets it off. */
    record Trigger(int afterCompleted, GlobalFault fault) {
    }

    private final long seed;
    private final SoakSettings settings;
    private final Work[][] work;
    private final List<Trigger> triggers;

    private SoakPlan(SoakSettings settings, Work[][] work, List<Trigger> triggers) {
        this.seed = settings.seed();
        this.settings = settings;
        this.work = work;
        this.triggers = triggers;
    }

    /** Plans a run from its settings' seed. */
    static SoakPlan of(SoakSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        int environments = settings.environments();
        int invocations = settings.invocations();
        int total = settings.total();
        StatementFault[] faults = statementFaults(random.split(), total);
        SplittableRandom choices = random.split();
        Work[][] work = new Work[environments][invocations];
        for (int e = 0; e < environments; e++) {
            for (int i = 0; i < invocations; i++) {
                Optional<StatementFault> fault = Optional.ofNullable(faults[e * invocations + i]);
                double roll = choices.nextDouble();
                Kind kind = roll < 0.40 ? Kind.SCHEDULED : roll < 0.75 ? Kind.HTTP_SYNC : Kind.HTTP_ASYNC;
                boolean write = choices.nextDouble() < (kind == Kind.HTTP_ASYNC ? 0.25 : 0.30);
                // A fault that makes the statement run twice is aimed at retry-safe statements only.
                if (fault.isPresent() && fault.get().runsTwice()) {
                    write = false;
                }
                SoakQuery query = write ? SoakQuery.WRITE : kind == Kind.HTTP_ASYNC ? SoakQuery.REPORT
                        : SoakQuery.READ;
                int seconds = query == SoakQuery.REPORT && choices.nextDouble() < 0.1 ? 1 : 0;
                work[e][i] = new Work(e, i, "e%02d-i%04d".formatted(e, i), kind, query,
                        choices.nextInt(1_000_000), seconds, fault);
            }
        }
        SplittableRandom jitter = random.split();
        List<Trigger> triggers = new ArrayList<>();
        for (Timed timed : GLOBAL_FAULTS) {
            double share = Math.clamp(timed.share() + (jitter.nextDouble() - 0.5) * 0.02, 0.01, 0.99);
            triggers.add(new Trigger(Math.max(1, (int) Math.round(share * total)), timed.fault()));
        }
        triggers.sort(Comparator.comparingInt(Trigger::afterCompleted));
        return new SoakPlan(settings, work, List.copyOf(triggers));
    }

    /**
     * Which invocations' statements get a fault (null: none), and which: chosen slots at random, kinds in turn from a
     * shuffled order, so a short run sees every kind.
     */
    private static StatementFault[] statementFaults(SplittableRandom random, int total) {
        StatementFault[] faults = new StatementFault[total];
        StatementFault[] kinds = StatementFault.values();
        int count = Math.min(total, Math.max(kinds.length, (int) Math.round(total * STATEMENT_FAULT_SHARE)));
        int[] slots = new int[total];
        Arrays.setAll(slots, i -> i);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(total - i);
            int chosen = slots[j];
            slots[j] = slots[i];
            slots[i] = chosen;
        }
        List<StatementFault> order = new ArrayList<>(List.of(kinds));
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        for (int i = 0; i < count; i++) {
            faults[slots[i]] = order.get(i % order.size());
        }
        return faults;
    }

    long seed() {
        return seed;
    }

    SoakSettings settings() {
        return settings;
    }

    Work work(int environment, int index) {
        return work[environment][index];
    }

    /** The global faults, in the order they set off. */
    List<Trigger> triggers() {
        return triggers;
    }

    /**
     * The fault of an environment's {@code episode}-th invocation that reads Secrets Manager (0 is its cold start):
     * the cold starts cycle through {@link #COLD_START_CYCLE} from a seeded offset, later episodes draw one of every
     * kind at {@link #SECRETS_FAULT_SHARE}.
     */
    Optional<SecretsFault> secretsFault(int environment, int episode) {
        SplittableRandom random = new SplittableRandom(mix(seed, 1, environment, episode));
        if (episode == 0) {
            int offset = (int) Math.floorMod(new SplittableRandom(seed).nextLong(), (long) COLD_START_CYCLE.size());
            return COLD_START_CYCLE.get((environment + offset) % COLD_START_CYCLE.size());
        }
        if (random.nextDouble() >= SECRETS_FAULT_SHARE) {
            return Optional.empty();
        }
        SecretsFault[] kinds = SecretsFault.values();
        return Optional.of(kinds[random.nextInt(kinds.length)]);
    }

    /** The environment the {@code poll}-th poll of an asynchronous run lands on: any, as Lambda routes it. */
    int pollEnvironment(Work started, int poll) {
        return new SplittableRandom(mix(seed, 2, started.environment() * 1_000_003L + started.index(), poll))
                .nextInt(settings.environments());
    }

    private static long mix(long seed, long stream, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + stream;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + a;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL + b;
        return h ^ (h >>> 32);
    }
}
