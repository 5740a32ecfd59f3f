package io.snowgate.lambda.snowflake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points snowflake-jdbc's on-disk caches at a writable directory. By default the driver uses
 * {@code $XDG_CACHE_HOME/snowflake} or {@code ~/.cache/snowflake}, and HOME is read-only in Lambda. The driver reads
 * these JVM system properties (checked in 4.4.1: SFTrustManager, SecureStorageLinuxManager, CRLCacheConfig), some
 * in static initialisers, so this must run before the driver class is loaded. A property already set (for example
 * with {@code -D} in {@code JAVA_TOOL_OPTIONS}) is left alone.
 */
public final class DriverCaches {

    /** OCSP response cache ({@code ocsp_response_cache.json}). */
    public static final String OCSP_CACHE_DIR = "net.snowflake.jdbc.ocspResponseCacheDir";
    /** Temporary credential cache (SSO/MFA tokens; unused by key pair, set so it never touches HOME). */
    public static final String CREDENTIAL_CACHE_DIR = "net.snowflake.jdbc.temporaryCredentialCacheDir";
    /** Certificate revocation list cache. */
    public static final String CRL_CACHE_DIR = "CRL_RESPONSE_CACHE_DIR";

    private static final Map<String, String> SUBDIRECTORIES =
            Map.of(OCSP_CACHE_DIR, "ocsp", CREDENTIAL_CACHE_DIR, "credentials", CRL_CACHE_DIR, "crl");

    private DriverCaches() {
    }

    /** Uses {@code <java.io.tmpdir>/snowgate-snowflake}: {@code /tmp/...} in Lambda. */
    public static Path useDefault() {
        return useDirectory(Path.of(System.getProperty("java.io.tmpdir"), "snowgate-snowflake"));
    }

    /** Creates one subdirectory per cache under {@code root} and sets the driver's properties that are unset. */
    public static synchronized Path useDirectory(Path root) {
        for (Map.Entry<String, String> cache : SUBDIRECTORIES.entrySet()) {
            if (System.getProperty(cache.getKey()) != null) {
                continue;
            }
            Path dir = root.resolve(cache.getValue());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the driver cache directory " + dir, e);
            }
            System.setProperty(cache.getKey(), dir.toString());
        }
        return root;
    }
}
