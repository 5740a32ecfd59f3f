package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deployment package the CDK app deploys, as the build made it. */
class FunctionPackageIT {

    /** Lambda's limit on a function's unzipped size, layers included. */
    private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;
    private static final Path PACKAGE = Path.of("target", "snowgate-lambda-function.zip");

    private static List<String> entries;
    private static long unzippedBytes;

    @BeforeAll
    static void open() throws IOException {
        assertThat(PACKAGE).as("built by the package phase").exists();
        try (ZipFile zip = new ZipFile(PACKAGE.toFile())) {
            entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            unzippedBytes = Collections.list(zip.entries()).stream().mapToLong(ZipEntry::getSize).sum();
        }
    }

    @Test
    void holdsTheFunctionAndItsDependenciesAsJarsUnderLib() {
        assertThat(entries).allMatch(name -> name.startsWith("lib/") && name.endsWith(".jar") || name.endsWith("/"));
        assertThat(entries).anyMatch(name -> name.matches("lib/snowgate-lambda-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("lib/snowgate-catalog-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("lib/snowflake-jdbc-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("lib/bcpkix-jdk18on-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("lib/secretsmanager-[^/]+\\.jar"));
    }

    @Test
    void shipsNoTestToolingAndOnlyOneHttpClient() {
        assertThat(entries).noneMatch(name -> name.contains("snowgate-emulator"))
                .noneMatch(name -> name.contains("/h2-"))
                .noneMatch(name -> name.contains("junit"))
                .noneMatch(name -> name.contains("assertj"))
                .noneMatch(name -> name.contains("apache-client") || name.contains("apache5-client")
                        || name.contains("netty-nio-client"));
    }

    @Test
    void fitsLambdasUnzippedSizeLimit() {
        assertThat(unzippedBytes).isLessThan(LAMBDA_UNZIPPED_LIMIT);
    }

    @Test
    void functionJarHoldsTheHandlersAndTheShippedCatalog() throws IOException {
        String functionJar = entries.stream().filter(name -> name.matches("lib/snowgate-lambda-[^/]+\\.jar"))
                .findFirst().orElseThrow();
        List<String> classes;
        try (ZipFile zip = new ZipFile(PACKAGE.toFile());
             JarInputStream jar = new JarInputStream(zip.getInputStream(zip.getEntry(functionJar)))) {
            java.util.ArrayList<String> names = new java.util.ArrayList<>();
            for (var entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                names.add(entry.getName());
            }
            classes = names;
        }
        assertThat(classes).contains(
                "io/snowgate/lambda/schedule/ScheduledQueryHandler.class",
                "io/snowgate/lambda/http/HttpQueryHandler.class",
                "io/snowgate/lambda/rotation/KeyRotationHandler.class",
                "queries/catalog.yaml");
        assertThat(Files.size(PACKAGE)).isPositive();
    }
}
