package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.lambda.FunctionPackageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deployment package the CDK app deploys, as the build made it. */
class FunctionPackageIT {

    /**
     * The driver classes that name a class the slimmed driver no longer has (src/assembly/driver-excludes.txt), and
     * why none of them is on the function's path: the stage clients and PUT's file type detection serve PUT, GET and
     * stage listing only, which Snowgate never runs.
     */
    static final List<String> STAGE_AND_FILE_TRANSFER = List.of(
            "net/snowflake/client/internal/jdbc/cloud/storage/",
            "net/snowflake/client/internal/core/FileTypeDetector");
    static final Path PACKAGE = Path.of("target", "snowgate-lambda-function.zip");

    private static List<String> entries;
    private static long unzippedBytes;

    @BeforeAll
    static void open() throws IOException {
        assertThat(PACKAGE).as("built by the package phase").exists();
        try (ZipFile zip = new ZipFile(PACKAGE.toFile())) {
            entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
        unzippedBytes = FunctionPackageFiles.unzippedBytes(PACKAGE);
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

    /**
     * Two versions of one library on the class path load whichever comes first, class by class: an incremental build
     * after a version bump must not ship the old jar beside the new (the build's own output directories keep it).
     */
    @Test
    void shipsEachLibraryOnce() {
        List<String> libraries = entries.stream().filter(name -> name.endsWith(".jar"))
                .map(name -> name.substring("lib/".length()).replaceFirst("-\\d.*$", "")).toList();
        assertThat(libraries).as(entries.toString()).doesNotHaveDuplicates();
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
        assertThat(unzippedBytes).isLessThan(FunctionSizing.LAMBDA_MAX_UNZIPPED_BYTES);
    }

    @Test
    void staysUnderSnowgatesOwnSizeLimits() throws IOException {
        assertThat(Files.size(PACKAGE)).as("zip bytes").isLessThanOrEqualTo(FunctionSizing.MAX_ZIP_BYTES);
        assertThat(unzippedBytes).as("unzipped bytes").isLessThanOrEqualTo(FunctionSizing.MAX_UNZIPPED_BYTES);
    }

    @Test
    void shipsTheSlimmedDriverOnly() {
        assertThat(entries.stream().filter(name -> name.startsWith("lib/snowflake-jdbc")))
                .singleElement().asString().matches("lib/snowflake-jdbc-[0-9.]+-slim\\.jar");
    }

    /**
     * The JVM verifies a signed jar's signature and the digest of every class loaded from it, and keeps a jar's
     * manifest parsed once a package is defined from it, on every cold start (about 0.3 s of CPU and 3.7 MB of heap
     * for BouncyCastle's jars): they ship without their signature files and per-entry digests (UnsignedJar), every
     * class they hold intact.
     */
    @Test
    void shipsNoSignedJarNorEntryDigests_andBouncyCastlesClassesWhole() throws Exception {
        Path lib = ZipClassPath.extract(PACKAGE);
        for (Path jar : ZipClassPath.jars(lib)) {
            try (JarFile zip = new JarFile(jar.toFile(), false)) {
                assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
                        .as("signature files in %s", jar.getFileName())
                        .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
                Manifest manifest = zip.getManifest();
                assertThat(manifest == null ? java.util.Map.of() : manifest.getEntries())
                        .as("per-entry sections in %s's manifest", jar.getFileName())
                        .allSatisfy((name, attributes) -> assertThat(attributes.keySet())
                                .noneMatch(key -> key.toString().toLowerCase(Locale.ROOT).endsWith("-digest")));
            }
        }
        for (Class<?> published : List.of(org.bouncycastle.jce.provider.BouncyCastleProvider.class,
                org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo.class,
                org.bouncycastle.asn1.cms.ContentInfo.class)) {
            Path source = ZipClassPath.jarOf(published);
            assertThat(ZipClassPath.crcs(lib.resolve(source.getFileName()), FunctionPackageIT::isClass))
                    .as("classes of %s", source.getFileName())
                    .isEqualTo(ZipClassPath.crcs(source, FunctionPackageIT::isClass));
        }
    }

    private static boolean isClass(String entry) {
        return entry.endsWith(".class");
    }

    /**
     * A class the slimmed driver lost must not be named by anything the function can run: the only classes in the
     * package that name a class no jar (and no JDK module) defines, beyond those the published driver already had
     * (its optional dependencies), are the stage clients.
     */
    @Test
    void nothingButTheStageClientsNamesAClassTheSlimDriverLeftOut() throws Exception {
        Path lib = ZipClassPath.extract(PACKAGE);
        List<Path> shipped = ZipClassPath.jars(lib);
        Path published = ZipClassPath.jarOf(net.snowflake.client.jdbc.SnowflakeDriver.class);
        List<Path> withPublishedDriver = new java.util.ArrayList<>(shipped.stream()
                .filter(jar -> !jar.getFileName().toString().startsWith("snowflake-jdbc")).toList());
        withPublishedDriver.add(published);

        var before = ClassReferences.of(withPublishedDriver).unresolved();
        var after = ClassReferences.of(shipped).unresolved();
        java.util.Map<String, java.util.Set<String>> lost = new java.util.TreeMap<>();
        after.forEach((from, missing) -> {
            java.util.Set<String> now = new java.util.TreeSet<>(missing);
            now.removeAll(before.getOrDefault(from, java.util.Set.of()));
            if (!now.isEmpty()) {
                lost.put(from, now);
            }
        });

        assertThat(lost).as("classes naming what the slim driver left out").isNotEmpty();
        assertThat(lost.keySet()).allMatch(from -> STAGE_AND_FILE_TRANSFER.stream().anyMatch(from::startsWith),
                "is a stage client or PUT's file type detection");
        // Snowgate's own classes and the event types its handlers read name nothing that is missing.
        assertThat(after.keySet()).noneMatch(from -> from.startsWith("io/snowgate/")
                || EVENT_TYPES_READ.stream().anyMatch(from::startsWith));
    }

    /** The aws-lambda-java-events types the handlers read (the package leaves out Joda-Time, which others use). */
    static final List<String> EVENT_TYPES_READ = List.of(
            "com/amazonaws/services/lambda/runtime/events/APIGatewayProxyRequestEvent",
            "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent",
            "com/amazonaws/services/lambda/runtime/events/SecretsManagerRotationEvent");

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
