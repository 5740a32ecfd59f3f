package io.snowgate.lambda.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnowgateConfigTest {

    @Test
    void minimalEnvironment_usesDefaults() {
        SnowgateConfig config = SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "snowgate/snowflake"));

        assertThat(config.secretId()).isEqualTo("snowgate/snowflake");
        assertThat(config.passphraseSecretId()).isEmpty();
        assertThat(config.catalogLocation()).isEmpty();
        assertThat(config.secretTtl()).isEqualTo(SnowgateConfig.DEFAULT_SECRET_TTL);
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
                "SNOWGATE_SNOWFLAKE_URL", "http://127.0.0.1:8085",
                "SNOWGATE_API_TIMEOUT_SECONDS", "10"));

        assertThat(config.passphraseSecretId()).contains("sf-passphrase");
        assertThat(config.catalogLocation()).contains("/var/task/catalog.yaml");
        assertThat(config.secretTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.snowflakeUrl()).contains(new SnowflakeEndpoint("http", "127.0.0.1", 8085));
        assertThat(config.apiTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "31", "twenty", "-5"})
    void apiTimeoutOutsideWhatApiGatewayAllows_failsNamingTheVariable(String timeout) {
        assertThatThrownBy(() -> SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s",
                "SNOWGATE_API_TIMEOUT_SECONDS", timeout)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SNOWGATE_API_TIMEOUT_SECONDS ");
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
    @ValueSource(strings = {"http://127.0.0.1:8085", "http://localhost:1", "http://[::1]:9000",
        "https://xy12345.eu-west-1.snowflakecomputing.com", "https://acme-prod.privatelink.snowflakecomputing.com:443"})
    void acceptedSnowflakeUrls(String url) {
        SnowflakeEndpoint endpoint = withUrl(url).snowflakeUrl().orElseThrow();
        assertThat(url).startsWith(endpoint.scheme() + "://").contains(endpoint.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://xy12345.snowflakecomputing.com", "http://10.0.0.5:8080", "ftp://127.0.0.1",
        "https://acme.snowflakecomputing.com/some/path", "http://127.0.0.1.nip.io", "not a url"})
    void refusedSnowflakeUrls_nameTheVariable(String url) {
        assertThatThrownBy(() -> withUrl(url))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("SNOWGATE_SNOWFLAKE_URL ");
    }

    private static SnowgateConfig withUrl(String url) {
        return SnowgateConfig.fromEnv(Map.of("SNOWGATE_SECRET_ID", "s", "SNOWGATE_SNOWFLAKE_URL", url));
    }
}
