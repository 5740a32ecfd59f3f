package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.testing.KeyFixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SnowflakeConnectionSpecTest {

    private final RsaKeyPair keyPair =
            new PrivateKeyReader().readPrivateKey(KeyFixtures.text("pkcs8-plain.p8"), Passphrase.none());
    private final KeyPairAuthentication auth = new KeyPairAuthentication(keyPair);

    @Test
    void build_passesTheKeyObjectAndTheNormalisedAccount() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("myorg.my_acct"), "svc_user", auth)
                .warehouse(Optional.of("WH"))
                .database(Optional.of("DB"))
                .schema(Optional.of("PUBLIC"))
                .role(Optional.of("REPORTER"))
                .build();

        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:snowflake://myorg-my-acct.snowflakecomputing.com:443");
        assertThat(spec.properties())
                .containsEntry("account", "MYORG-MY_ACCT")
                .containsEntry("user", "svc_user")
                .containsEntry("authenticator", "SNOWFLAKE_JWT")
                .containsEntry("privateKey", keyPair.privateKey())
                .containsEntry("warehouse", "WH")
                .containsEntry("database", "DB")
                .containsEntry("schema", "PUBLIC")
                .containsEntry("role", "REPORTER")
                .containsEntry("application", "Snowgate")
                .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
                .containsEntry("disablePlatformDetection", "true")
                .containsEntry("TIMEZONE", "UTC")
                .containsEntry("CLIENT_TELEMETRY_ENABLED", "false")
                .containsEntry("TIME_OUTPUT_FORMAT", "HH24:MI:SS.FF9")
                .doesNotContainKeys("ssl", "insecureMode", "disableOCSPChecks", "allowUnderscoresInHost");
    }

    @Test
    void build_leavesOutOptionalSettingsThatAreAbsentOrEmpty() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("xy12345"), "u", auth)
                .role(Optional.of(""))
                .build();

        assertThat(spec.properties()).doesNotContainKeys("warehouse", "database", "schema", "role");
    }

    @Test
    void build_setsTimeoutsInTheDriversUnits_boundedByTheDeadline() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("xy12345"), "u", auth)
                .timeouts(DriverTimeouts.DEFAULTS.boundedBy(Duration.ofMillis(8_500)))
                .build();

        assertThat(spec.properties())
                .containsEntry("loginTimeout", "8")
                .containsEntry("networkTimeout", "60000")
                .containsEntry("queryTimeout", "8")
                .containsEntry("HTTP_CLIENT_CONNECTION_TIMEOUT", "5000")
                .containsEntry("HTTP_CLIENT_SOCKET_TIMEOUT", "60000")
                .containsEntry("maxHttpRetries", "2");
    }

    @Test
    void build_turnsSslOff_onlyForALoopbackHttpEndpoint() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("myorg-myacct"), "u", auth)
                .endpoint(Optional.of(SnowflakeEndpoint.parse("http://127.0.0.1:41234")))
                .build();

        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:snowflake://127.0.0.1:41234");
        assertThat(spec.properties()).containsEntry("ssl", "off").containsEntry("account", "MYORG-MYACCT");
    }

    @Test
    void build_allowsUnderscores_whenAnOverrideHostHasThem() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("myorg-my_acct"), "u", auth)
                .endpoint(Optional.of(SnowflakeEndpoint.parse("myorg-my_acct.privatelink.snowflakecomputing.com")))
                .build();

        assertThat(spec.properties()).containsEntry("allowUnderscoresInHost", "true");
    }

    @Test
    void build_connectsToThePrivateLinkHostWithUnderscores_andAllowsThem() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("myorg-my_acct.privatelink"), "u", auth)
                .build();

        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:snowflake://myorg-my_acct.privatelink.snowflakecomputing.com:443");
        assertThat(spec.properties())
                .containsEntry("account", "MYORG-MY_ACCT")
                .containsEntry("allowUnderscoresInHost", "true");
    }

    @Test
    void build_isAValue_setsNoJvmProperty() {
        Properties before = (Properties) System.getProperties().clone();

        SnowflakeConnectionSpec.builder(AccountIdentifier.parse("xy12345"), "u", auth).build();

        assertThat(System.getProperties()).isEqualTo(before);
    }

    @Test
    void toString_listsPropertyNamesButNeverTheKey() {
        SnowflakeConnectionSpec spec = SnowflakeConnectionSpec
                .builder(AccountIdentifier.parse("xy12345"), "u", auth).build();

        assertThat(spec.toString())
                .contains("privateKey", "account")
                .doesNotContain(keyPair.privateKey().getPrivateExponent().toString(16).substring(0, 24))
                .doesNotContain(keyPair.privateKey().getPrivateExponent().toString().substring(0, 24));
        assertThat(auth.toString()).isEqualTo("KeyPairAuthentication[" + keyPair.fingerprint() + "]");
    }
}
