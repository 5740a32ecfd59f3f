package io.snowgate.lambda.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnowgateConfigTest {

    @Test
    void minimalEnvironment_usesDefaults() {
        SnowgateConfig config = SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "snowgate/snowflake"));

        assertThat(config.secretId()).isEqualTo("snowgate/snowflake");
        assertThat(config.passphraseSecretId()).isEmpty();
        assertThat(config.catalogLocation()).isEmpty();
        assertThat(config.secretTtl()).isEqualTo(SnowgateConfig.DEFAULT_SECRET_TTL);
        assertThat(config.secretGrace()).isEqualTo(Duration.ofHours(24));
        assertThat(config.snowflakeUrl()).isEmpty();
        assertThat(config.apiTimeout()).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void everySetting_isRead() {
        SnowgateConfig config = SnowgateConfig.fromEnv(Map.of(
                "SNOWGATE_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sf-AbCdEf",
                "SNOWGATE_PASSPHRASE_SECRET_ID", "sf-passphrase",
                "SNOWGATE_CATALOG", "/var/task/catalog.yaml",
                "SNOWGATE_SECRET_TTL_SECONDS", "60",
                "SNOWGATE_SECRET_GRACE_SECONDS", "3600",
                "SNOWGATE_SNOWFLAKE_URL", "http://127.0.0.1:8085",
                "SNOWGATE_API_TIMEOUT_SECONDS", "10"));

        assertThat(config.secretId()).isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:sf-AbCdEf");
        assertThat(config.passphraseSecretId()).contains("sf-passphrase");
        assertThat(config.catalogLocation()).contains("/var/task/catalog.yaml");
        assertThat(config.secretTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.secretGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(config.snowflakeUrl()).contains(new SnowflakeEndpoint("http", "127.0.0.1", 8085));
        assertThat(config.apiTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|must be between 1 and 30", "31|must be between 1 and 30",
        "twenty|must be a whole number", "-5|must be between 1 and 30"})
    void apiTimeoutOutsideWhatApiGatewayAllows_failsNamingTheVariable_neverItsValue(String timeout, String problem) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s",
                "SNOWGATE_API_TIMEOUT_SECONDS", timeout)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("SNOWGATE_API_TIMEOUT_SECONDS"))
                .hasMessage("SNOWGATE_API_TIMEOUT_SECONDS " + problem);
    }

    @Test
    void missingSecretId_failsNamingTheVariable() {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "  ")))
                .isInstanceOf(ConfigException.class).hasMessage("SNOWGATE_SECRET_ID is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "-1", "1.5", "86401"})
    void invalidTtl_failsNamingTheVariable(String ttl) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s",
                "SNOWGATE_SECRET_TTL_SECONDS", ttl)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("SNOWGATE_SECRET_TTL_SECONDS"))
                .hasMessageNotContaining(ttl);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"http://127.0.0.1:8085|http|127.0.0.1|8085",
        "http://localhost:1|http|localhost|1", "http://[::1]:9000|http|[::1]|9000",
        "https://xy12345.eu-west-1.snowflakecomputing.com|https|xy12345.eu-west-1.snowflakecomputing.com|443",
        "https://acme-prod.privatelink.snowflakecomputing.com:443"
            + "|https|acme-prod.privatelink.snowflakecomputing.com|443"})
    void acceptedSnowflakeUrls_areReadAsSchemeHostAndPort(String url, String scheme, String host, int port) {
        assertThat(withUrl(url).snowflakeUrl()).contains(new SnowflakeEndpoint(scheme, host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://xy12345.snowflakecomputing.com", "http://10.0.0.5:8080", "ftp://127.0.0.1",
        "https://acme.snowflakecomputing.com/some/path", "http://127.0.0.1.nip.io", "not a url"})
    void refusedSnowflakeUrls_nameTheVariable_neverTheValueOrItsHost(String url) {
        assertThatThrownBy(() -> withUrl(url))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SNOWGATE_SNOWFLAKE_URL is invalid: not " + SnowflakeEndpoint.EXPECTED_FORMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://svc:Sup3rSecret@acct.snowflakecomputing.com",
        "https://acct.snowflakecomputing.com/?token=Sup3rSecret"})
    void unreadableSnowflakeUrl_isRefusedNamingTheVariable_neverShowingTheValue(String url) {
        assertThatThrownBy(() -> withUrl(url))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SNOWGATE_SNOWFLAKE_URL ")
                .hasMessageNotContaining("Sup3rSecret");
    }

    private static SnowgateConfig withUrl(String url) {
        return SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s", "SNOWGATE_SNOWFLAKE_URL", url));
    }

    // --- workload identity mode --------------------------------------------------------------------------------

    private static final String ROLE = "arn:aws:iam::123456789012:role/Snowgate-ScheduledQueryRole-1AB2C3";

    private static Map<String, String> keyless(String... extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SNOWGATE_AUTH", "workload-identity",
                "SNOWGATE_SNOWFLAKE_ACCOUNT", "myorg-analytics",
                "SNOWGATE_SNOWFLAKE_USER", "SNOWGATE_SVC",
                "SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN", ROLE));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void unreadableKeylessAccount_isRefusedNamingTheVariable_neverShowingTheValue() {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless(
                "SNOWGATE_SNOWFLAKE_ACCOUNT", "https://svc:Sup3rSecret@acct.snowflakecomputing.com")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SNOWGATE_SNOWFLAKE_ACCOUNT ")
                .hasMessageNotContaining("Sup3rSecret");
    }

    @Test
    void workloadIdentityMode_readsPlainConnectionSettings_andNoSecret() {
        SnowgateConfig config = SnowgateConfig.fromEnv(keyless(
                "SNOWGATE_SNOWFLAKE_WAREHOUSE", "REPORTING_WH", "SNOWGATE_SNOWFLAKE_DATABASE", "ANALYTICS",
                "SNOWGATE_SNOWFLAKE_SCHEMA", "PUBLIC", "SNOWGATE_SNOWFLAKE_ROLE", "SNOWGATE_RUNNER",
                "SNOWGATE_SNOWFLAKE_URL", "https://xy12345.eu-west-1.privatelink.snowflakecomputing.com"));

        WorkloadIdentityConfig keyless = config.workloadIdentity().orElseThrow();
        assertThat(config.secretId()).isEmpty();
        assertThat(config.passphraseSecretId()).isEmpty();
        assertThat(keyless.account().jwtIdentifier()).isEqualTo("MYORG-ANALYTICS");
        assertThat(keyless.user()).isEqualTo("SNOWGATE_SVC");
        assertThat(keyless.warehouse()).contains("REPORTING_WH");
        assertThat(keyless.database()).contains("ANALYTICS");
        assertThat(keyless.schema()).contains("PUBLIC");
        assertThat(keyless.role()).contains("SNOWGATE_RUNNER");
        assertThat(keyless.roleArn()).isEqualTo(ROLE);
        assertThat(keyless.method()).isEqualTo(WorkloadIdentityMethod.CALLER_IDENTITY);
        assertThat(keyless.stsHost()).isEmpty();
        assertThat(config.snowflakeUrl()).isPresent();
    }

    @Test
    void workloadIdentityMode_takesTheJwtMethod_andALocalStsEndpoint() {
        SnowgateConfig config = SnowgateConfig.fromEnv(keyless("SNOWGATE_WORKLOAD_IDENTITY_METHOD",
                "web-identity-token", "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566"));

        assertThat(config.workloadIdentity().orElseThrow().method())
                .isEqualTo(WorkloadIdentityMethod.WEB_IDENTITY_TOKEN);
        assertThat(config.workloadIdentity().orElseThrow().authentication().driverProperties())
                .containsEntry("authenticator", "WORKLOAD_IDENTITY")
                .containsEntry("workloadIdentityProvider", "AWS")
                .containsEntry("workloadIdentityAwsUseOutboundToken", "true")
                .containsEntry("workloadIdentityHost", "http://127.0.0.1:4566");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNOWGATE_SECRET_ID", "SNOWGATE_PASSPHRASE_SECRET_ID", "SNOWGATE_SECRET_TTL_SECONDS",
        "SNOWGATE_SECRET_GRACE_SECONDS", "SNOWGATE_ROTATION_ADMIN_SECRET_ID", "SNOWGATE_ROTATION_REVOKE_PREVIOUS"})
    void workloadIdentityMode_refusesKeyPassphraseSecretAndRotationSettings(String variable) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless(variable, "60")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable))
                .hasMessage(variable + " makes no sense with SNOWGATE_AUTH=workload-identity: the function's AWS role"
                        + " signs in, there is no key, passphrase or secret to read or rotate; unset it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNOWGATE_SNOWFLAKE_ACCOUNT", "SNOWGATE_SNOWFLAKE_USER", "SNOWGATE_SNOWFLAKE_WAREHOUSE",
        "SNOWGATE_SNOWFLAKE_DATABASE", "SNOWGATE_SNOWFLAKE_SCHEMA", "SNOWGATE_SNOWFLAKE_ROLE",
        "SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN", "SNOWGATE_WORKLOAD_IDENTITY_METHOD"})
    void keyPairMode_refusesWorkloadIdentitySettings_sinceTheSecretHoldsThem(String variable) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s", variable, "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " is only read with SNOWGATE_AUTH=workload-identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNOWGATE_SNOWFLAKE_ACCOUNT", "SNOWGATE_SNOWFLAKE_USER",
        "SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN"})
    void workloadIdentityMode_requiresAccountUserAndRoleArn(String variable) {
        Map<String, String> env = keyless();
        env.remove(variable);
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class).hasMessage(variable + " is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:sts::123456789012:assumed-role/Snowgate/fn", "arn:aws:iam::123456789012:user/bob",
        "Snowgate-ScheduledQueryRole", "arn:aws:iam::12345:role/x"})
    void workloadIdentityMode_refusesWhatIsNotAnIamRoleArn(String arn) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless("SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN", arn)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN must be an IAM role ARN,"
                        + " arn:aws:iam::<account>:role/<name>");
    }

    @Test
    void unknownAuthModeMethodOrAnInsecureStsEndpoint_areRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_AUTH", "password")))
                .isInstanceOf(ConfigException.class).hasMessage("SNOWGATE_AUTH must be keypair or workload-identity");
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless("SNOWGATE_WORKLOAD_IDENTITY_METHOD", "jwt")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SNOWGATE_WORKLOAD_IDENTITY_METHOD must be caller-identity or web-identity-token");
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless("AWS_ENDPOINT_URL_STS", "http://sts.example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("AWS_ENDPOINT_URL_STS is invalid: not " + SnowflakeEndpoint.EXPECTED_FORMS);
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless("SNOWGATE_SNOWFLAKE_ACCOUNT", "not an account!")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SNOWGATE_SNOWFLAKE_ACCOUNT is invalid");
    }

    @ParameterizedTest
    @CsvSource({"AWS_ENDPOINT_URL_SECRETS_MANAGER,http://secretsmanager.example.com",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER,HTTP://10.0.0.5:4566", "AWS_ENDPOINT_URL,http://aws.example.com:8080"})
    void keyPairMode_refusesASecretsManagerEndpointOverPlainHttpOffLoopback(String variable, String url) {
        // Secrets Manager answers with the private key and passphrase; the request carries the role's session token.
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s", variable, url)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable))
                .hasMessageStartingWith(variable + " is plain http to a host that is not loopback")
                .hasMessageNotContaining(url.substring(url.indexOf("://") + 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:4566", "http://localhost:7911", "http://[::1]:7911",
        "https://secretsmanager.eu-west-1.amazonaws.com", "https://vpce-0a1b.secretsmanager.eu-west-1.vpce.amazonaws.com"})
    void keyPairMode_acceptsASecretsManagerEndpointOverTlsOrOnLoopback(String url) {
        assertThat(SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s", "AWS_ENDPOINT_URL_SECRETS_MANAGER", url,
                "AWS_ENDPOINT_URL", url)).secretId()).isEqualTo("s");
    }

    /**
     * Without AWS_ENDPOINT_URL_STS, the driver's own AWS SDK takes STS's endpoint from AWS_ENDPOINT_URL, and asks it for
     * the web identity token Snowflake accepts as the role.
     */
    @Test
    void workloadIdentityMode_refusesAGlobalAwsEndpointOverPlainHttpOffLoopback() {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(keyless("AWS_ENDPOINT_URL", "http://aws.example.com")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("AWS_ENDPOINT_URL"))
                .hasMessageStartingWith("AWS_ENDPOINT_URL is plain http to a host that is not loopback")
                .hasMessageNotContaining("aws.example.com");
        assertThat(SnowgateConfig.fromEnv(keyless("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).workloadIdentity())
                .isPresent();
    }

    @Test
    void keyPairMode_isTheDefault_andCanBeNamed() {
        assertThat(SnowgateConfig.fromEnv(Map.of("SNOWGATE_AUTH", "keypair", "SNOWGATE_SECRET_ID", "s"))
                .workloadIdentity()).isEmpty();
        assertThat(SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s")).workloadIdentity()).isEmpty();
    }
}
