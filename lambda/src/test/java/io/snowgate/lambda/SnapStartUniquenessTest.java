package io.snowgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.testing.ClassConstants;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Randomness a SnapStart restore cannot repeat. Lambda resumes every new execution environment from one snapshot
 * taken after init, so a pseudorandom generator seeded before it draws the same sequence in all of them: after a
 * Secrets Manager throttling event every environment would retry at the same instants. AWS's "Handling uniqueness
 * with Lambda SnapStart" asks for CSPRNGs instead, naming {@code java.security.SecureRandom} for Java, and says that
 * software reading /dev/urandom (which the default SecureRandom on Linux, NativePRNG, mixes into every draw) keeps
 * its randomness across a restore.
 *
 * <p>Everything the function holds is built in init, before the snapshot, so the rule is checked on all of its
 * classes, as AWS's SnapStart scanning tool (aws-lambda-snapstart-java-rules) checks handlers: no generator whose
 * sequence is fixed by state in the heap, and no SecureRandom given a seed of its own.
 */
class SnapStartUniquenessTest {

    /** Where a generator's draws follow from state a snapshot holds, as {@code owner.name} or with a descriptor. */
    private static final List<String> SNAPSHOT_SEEDED = List.of(
            // L32X64MixRandom and the other algorithms: seeded from a static counter set at class initialisation.
            "java/util/random/RandomGenerator.getDefault",
            "java/util/random/RandomGenerator.of",
            "java/util/random/RandomGeneratorFactory.",
            "java/util/Random.<init>",
            "java/util/SplittableRandom.<init>",
            // Seeded per thread from a static seeder, which the snapshot holds too.
            "java/util/concurrent/ThreadLocalRandom.current",
            "java/lang/Math.random",
            "java/lang/StrictMath.random",
            // A seed given to SecureRandom may make it deterministic (SHA1PRNG, DRBG with a personalisation string).
            "java/security/SecureRandom.<init>([B)V",
            "java/security/SecureRandom.setSeed");

    @Test
    void everyRandomDraw_comesFromARandomSourceThatASnapStartRestoreDoesNotRepeat() throws IOException {
        Map<String, Set<String>> offenders = new TreeMap<>();
        for (Map.Entry<String, ClassConstants> entry : functionClasses().entrySet()) {
            for (String member : entry.getValue().members()) {
                if (SNAPSHOT_SEEDED.stream().anyMatch(member::startsWith)) {
                    offenders.computeIfAbsent(entry.getKey(), k -> new TreeSet<>()).add(member);
                }
            }
        }

        assertThat(offenders).as("classes drawing from a generator seeded before the snapshot").isEmpty();
    }

    @Test
    void theRuleSeesTheFunctionsClasses_andWhatTheyCall() throws IOException {
        Map<String, ClassConstants> classes = functionClasses();

        // Guards the rule above against passing on an empty or unparsed class path.
        assertThat(classes).containsKey("io/snowgate/lambda/rotation/KeyRotation");
        assertThat(classes.get("io/snowgate/lambda/rotation/KeyRotation").members())
                .contains("java/security/SecureRandom.<init>()V");
    }

    /** The function's own classes, by name, from the directory or jar {@link QueryFunction} was loaded from. */
    private static Map<String, ClassConstants> functionClasses() throws IOException {
        Path location;
        try {
            location = Path.of(QueryFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(location)) {
            return classesUnder(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return classesUnder(jar.getPath("/"));
        }
    }

    private static Map<String, ClassConstants> classesUnder(Path root) throws IOException {
        Map<String, ClassConstants> classes = new TreeMap<>();
        Path ours = root.resolve("io/snowgate/lambda");
        try (Stream<Path> files = Files.walk(ours)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                classes.put(name.substring(0, name.length() - ".class".length()),
                        ClassConstants.parse(Files.readAllBytes(file)));
            }
        }
        return classes;
    }
}
