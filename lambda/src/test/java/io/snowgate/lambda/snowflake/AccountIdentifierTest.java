package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The function's {@code account} setting, read by contract's AccountName (AccountNameTest has every form). */
class AccountIdentifierTest {

    @Test
    void parse_givesTheJwtIdentifier_andTheHttpsEndpointOfTheAccountsHost() {
        AccountIdentifier id = AccountIdentifier.parse("myorg.my_acct.privatelink");

        assertThat(id.jwtIdentifier()).isEqualTo("MYORG-MY_ACCT");
        assertThat(id.privateLink()).isTrue();
        assertThat(id.endpoint())
                .isEqualTo(new SnowflakeEndpoint("https", "myorg-my_acct.privatelink.snowflakecomputing.com", 443));
    }

    @Test
    void parse_refusesWhatIsNoAccountIdentifier_asTheAccountSetting_namingTheValueTheProblemAndTheForms() {
        assertThatThrownBy(() -> AccountIdentifier.parse("  a.b.c "))
                .isInstanceOfSatisfying(SnowflakeConfigException.class, e -> assertThat(e.setting()).isEqualTo("account"))
                .hasMessage("account 'a.b.c' is not a Snowflake account identifier: 'b.c' is not a known Snowflake"
                        + " region[.cloud]; expected locator, locator.region[.cloud][.privatelink],"
                        + " org-account[.privatelink], org.account, or https://<identifier>.snowflakecomputing.com");
        assertThatThrownBy(() -> AccountIdentifier.parse(null))
                .hasMessageStartingWith("account 'null' is not a Snowflake account identifier: it is empty;");
    }
}
