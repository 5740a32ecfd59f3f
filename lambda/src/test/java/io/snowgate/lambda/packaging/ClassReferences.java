package io.snowgate.lambda.packaging;

import io.snowgate.lambda.testing.ClassConstants;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes a set of jars defines and the classes each of them names in its constant pool (every
 * {@code CONSTANT_Class} entry: what the JVM loads when that code runs, as opposed to annotations, which a missing
 * class merely hides). What {@code jdeps} reports at class level, in the form a test can assert on: which classes
 * name a class that no jar and no JDK module defines.
 */
final class ClassReferences {

    /** A class file's name inside a jar, the multi-release prefix removed: {@code a/b/C}. */
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
    private static final int HIGHEST_RELEASE = Runtime.version().feature();

    private final Set<String> defined = new HashSet<>();
    private final Map<String, Set<String>> references = new HashMap<>();

    private ClassReferences() {
    }

    /** Reads every class of {@code jars}. */
    static ClassReferences of(Collection<Path> jars) {
        ClassReferences result = new ClassReferences();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    String name = entry.getName();
                    if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                        continue;
                    }
                    var versioned = VERSIONED.matcher(name);
                    if (versioned.find()) {
                        int release = Integer.parseInt(name.substring("META-INF/versions/".length(),
                                name.indexOf('/', "META-INF/versions/".length())));
                        if (release > HIGHEST_RELEASE) {
                            continue;
                        }
                        name = versioned.replaceFirst("");
                    }
                    String className = name.substring(0, name.length() - ".class".length());
                    result.defined.add(className);
                    try (InputStream in = zip.getInputStream(entry)) {
                        result.references.computeIfAbsent(className, k -> new HashSet<>())
                                .addAll(classConstants(in.readAllBytes()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return result;
    }

    /** Whether one of the jars defines {@code className} ({@code a/b/C}). */
    boolean defines(String className) {
        return defined.contains(className);
    }

    /**
     * Each class that names a class defined neither by the jars nor by the JDK, with those missing classes, sorted.
     */
    Map<String, Set<String>> unresolved() {
        Map<String, Boolean> jdk = new HashMap<>();
        Map<String, Set<String>> result = new TreeMap<>();
        references.forEach((from, targets) -> {
            for (String target : targets) {
                if (defined.contains(target) || jdk.computeIfAbsent(target, ClassReferences::inJdk)) {
                    continue;
                }
                result.computeIfAbsent(from, k -> new TreeSet<>()).add(target);
            }
        });
        return result;
    }

    private static boolean inJdk(String className) {
        return ClassLoader.getPlatformClassLoader().getResource(className + ".class") != null;
    }

    /** The class names in a class file's constant pool, array types reduced to their element class. */
    static Set<String> classConstants(byte[] classFile) throws IOException {
        return ClassConstants.parse(classFile).classes();
    }
}
