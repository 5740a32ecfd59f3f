package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnowflakeEndpointTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            myacct.privatelink.snowflakecomputing.com       | https | myacct.privatelink.snowflakecomputing.com | 443
            https://snowflake.internal.example:8443/        | https | snowflake.internal.example                | 8443
            http://127.0.0.1:54321                          | http  | 127.0.0.1                                 | 54321
            http://localhost:8080                           | http  | localhost                                 | 8080
            127.0.0.1:9443                                  | https | 127.0.0.1                                 | 9443
            """)
    void parse_readsHostPortAndScheme(String value, String scheme, String host, int port) {
        SnowflakeEndpoint endpoint = SnowflakeEndpoint.parse(value);

        assertThat(endpoint).isEqualTo(new SnowflakeEndpoint(scheme, host, port));
        assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:snowflake://" + host + ":" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://myorg-myacct.snowflakecomputing.com", "http://10.0.0.5:8080",
        "http://169.254.169.254", "http://127.0.0.300:8080", "http://127.999.1.1"})
    void parse_refusesPlainHttp_toAnythingButLoopback(String value) {
        assertThatThrownBy(() -> SnowflakeEndpoint.parse(value))
                .isInstanceOf(SnowflakeConfigException.class)
                .hasMessageContaining("plain http is only allowed for loopback hosts");
    }

    /**
     * 127.0.0.300 is no address but a name, which the resolver looks up (and may complete with a search domain): only
     * what is an address of 127.0.0.0/8 counts as loopback.
     */
    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "127.255.255.254,true", "127.000.000.001,true", "localhost,true", "[::1],true",
        "127.0.0.300,false", "127.256.0.1,false", "127.0.0.1.example.com,false", "128.0.0.1,false"})
    void isLoopback_acceptsAddressesOfLoopbackOnly(String host, boolean loopback) {
        assertThat(SnowflakeEndpoint.isLoopback(host)).isEqualTo(loopback);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://svc:S3cret-Pa55@acme.snowflakecomputing.com",
        "https://acme.snowflakecomputing.com/?token=S3cret-Pa55", "https://acme.snowflakecomputing.com/S3cret-Pa55"})
    void parse_neverQuotesWhatItCannotRead_whichMayHoldAPasswordOrToken(String value) {
        assertThatThrownBy(() -> SnowflakeEndpoint.parse(value))
                .isInstanceOf(SnowflakeConfigException.class)
                .hasMessage("host is not " + SnowflakeEndpoint.EXPECTED_FORMS)
                .message().doesNotContain("S3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://host", "https://host/path", "https://user@host", "https://host?x=1"})
    void parse_refusesWhatIsNoHost(String value) {
        assertThatThrownBy(() -> SnowflakeEndpoint.parse(value))
                .isInstanceOfSatisfying(SnowflakeConfigException.class, e -> assertThat(e.setting()).isEqualTo("host"));
    }
}
