package io.snowgate.emulator.junit5;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS credentials put where the AWS SDK v2 default credentials chain looks first, the system properties
 * {@code aws.accessKeyId}, {@code aws.secretAccessKey} and {@code aws.sessionToken}, so a client that resolves its
 * credentials itself (snowflake-jdbc's workload identity attestation does, with its relocated SDK's
 * {@code DefaultCredentialsProvider.create()}) signs with local ones in a test; closing restores what was there.
 *
 * <p>That provider is one per JVM and keeps using the first source that worked: set these before the first
 * workload identity login of a test JVM, so that source is these properties and never the test environment's
 * {@code AWS_ACCESS_KEY_ID}.
 */
public final class AwsCredentialProperties implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "aws.accessKeyId";
    public static final String SECRET_ACCESS_KEY = "aws.secretAccessKey";
    public static final String SESSION_TOKEN = "aws.sessionToken";

    private final SystemProperties properties;

    private AwsCredentialProperties(Map<String, String> values) {
        this.properties = SystemProperties.set(values);
    }

    /** Sets the three properties until {@link #close()}. */
    public static AwsCredentialProperties set(String accessKeyId, String secretAccessKey, String sessionToken) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ACCESS_KEY_ID, accessKeyId);
        values.put(SECRET_ACCESS_KEY, secretAccessKey);
        values.put(SESSION_TOKEN, sessionToken);
        return new AwsCredentialProperties(values);
    }

    /** Clears the three properties until {@link #close()}: the chain then finds none there. */
    public static AwsCredentialProperties cleared() {
        return set(null, null, null);
    }

    @Override
    public void close() {
        properties.close();
    }
}
