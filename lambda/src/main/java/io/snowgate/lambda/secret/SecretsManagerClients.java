package io.snowgate.lambda.secret;

import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.config.Environment;
import io.snowgate.lambda.config.SnowgateConfig;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The one place Snowgate builds AWS Secrets Manager clients and reads their errors: the function's client (standard
 * chains), and a client for a local stand-in (loopback endpoint, static local credentials) for {@code local up}, the
 * demo and the tests. Both use the lightweight URL-connection HTTP client, the only one the function ships.
 */
public final class SecretsManagerClients {

    /** One attempt never waits longer than this, so a retry still fits in a short deadline. */
    public static final Duration MAX_ATTEMPT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The access key the local Secrets Manager stand-in accepts by default ({@code SecretsManagerStandIn}'s
     * {@code DEFAULT_ACCESS_KEY_ID}; the function cannot depend on the emulator): it verifies signatures as AWS does.
     */
    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSNOWGATELOCAL", "snowgate-local"));

    private SecretsManagerClients() {
    }

    /**
     * The client the function (and the CLI's {@code secret put}, and the rotation function) uses: region and
     * credentials from the default chains (under SnapStart the runtime supplies container credentials), the endpoint
     * from {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} when set. Builds no connection.
     *
     * @throws ConfigException when the endpoint the SDK found (a variable, a system property, a profile's
     *                         {@code endpoint_url}) is plain HTTP to a host that is not loopback
     */
    public static SecretsManagerClient fromEnvironment() {
        SecretsManagerClient client = builder().build();
        Optional<URI> endpoint = client.serviceClientConfiguration().endpointOverride();
        if (endpoint.isPresent() && Environment.plainHttpOffLoopback(endpoint.get().toString())) {
            client.close();
            throw Environment.plainHttpRefused("the Secrets Manager endpoint ("
                    + String.join(", ", SnowgateConfig.SECRETS_MANAGER_ENDPOINT_VARIABLES)
                    + ", or their aws.* system properties or a profile's endpoint_url)",
                    SnowgateConfig.SECRETS_MANAGER_CALLS_CARRY);
        }
        return client;
    }

    /**
     * A client for a local stand-in: explicit endpoint and region, static local credentials, so that neither real
     * AWS credentials nor a real endpoint can be picked up.
     *
     * @throws IllegalArgumentException when {@code endpoint} is not a loopback address
     */
    public static SecretsManagerClient forLocalStandIn(URI endpoint, String region) {
        requireLoopback(endpoint);
        return builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(LOCAL_CREDENTIALS)
                .build();
    }

    /**
     * The service's error code for a failed call ({@code ThrottlingException}, ...), or {@code HTTP <status>} when the
     * answer carried none (a bare 503 from a load balancer, say): never null, never a message that could quote a
     * value.
     */
    public static String errorCode(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    /**
     * Why a call got no answer from Secrets Manager ({@link SdkClientException}): it timed out, or it could not be
     * made at all, which is also how the SDK fails when it finds no credentials to sign the call with. Never the
     * SDK's message: an unmarshalling failure's could quote the answer, a secret's value.
     */
    public static String unanswered(SdkClientException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
                    || cause instanceof SocketTimeoutException) {
                return "Secrets Manager did not answer in time";
            }
        }
        return "Secrets Manager could not be called: no network path to it, or no AWS credentials to sign it";
    }

    /**
     * Why {@link #fromEnvironment()} could not build the client: building reads settings only, and the one it cannot
     * do without is the region (the SDK's chain found none: no AWS_REGION, no profile's region). Never the SDK's
     * message, which lists every provider of the chain.
     */
    public static String unbuilt(SdkClientException e) {
        boolean noRegion = e.getMessage() != null && e.getMessage().startsWith("Unable to load region");
        return "the Secrets Manager client could not be built" + (noRegion ? ": no AWS region (set AWS_REGION)"
                : " from the environment's AWS settings");
    }

    /**
     * Runs {@code calls} {@code GetSecretValue} calls through the SDK's whole request pipeline (marshalling, SigV4
     * signing, retries, unmarshalling) on an HTTP client that answers from memory: SnapStart priming of the secret's
     * path, with no socket, no real credentials and no real secret. The answer is a made-up secret of the priming's
     * own.
     */
    public static void primeOffline(int calls) {
        byte[] answer = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:snowgate-priming\","
                + "\"Name\":\"snowgate-priming\",\"SecretString\":\"{}\",\"VersionId\":\"priming\","
                + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.767225600E9}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SdkHttpClient fromMemory = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode(200)
                                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                                        .putHeader("x-amzn-RequestId", "snowgate-priming").build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(fromMemory)
                .region(Region.US_EAST_1)
                .endpointOverride(java.net.URI.create("https://secretsmanager.priming.invalid"))
                .credentialsProvider(LOCAL_CREDENTIALS)
                .build()) {
            for (int call = 0; call < calls; call++) {
                client.getSecretValue(r -> r.secretId("snowgate-priming"));
            }
        }
    }

    private static SecretsManagerClientBuilder builder() {
        return SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(MAX_ATTEMPT));
    }

    private static void requireLoopback(URI endpoint) {
        try {
            if (endpoint.getHost() != null && InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // Falls through: an unresolvable host is not a local stand-in either.
        }
        throw new IllegalArgumentException("a local stand-in's endpoint must be a loopback address, not " + endpoint);
    }
}
