package io.snowgate.contract.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How an account identifier is read, by the function and at synth alike. */
class AccountNameTest {

    @ParameterizedTest(name = "{0} -> {1} @ {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # account setting                                            | JWT identifier | URL host
            xy12345                                                       | XY12345        | xy12345.snowflakecomputing.com
            XY12345                                                       | XY12345        | xy12345.snowflakecomputing.com
            '  xy12345  '                                                 | XY12345        | xy12345.snowflakecomputing.com
            xy12345.us-east-1                                             | XY12345        | xy12345.us-east-1.snowflakecomputing.com
            xy12345.us-east-2.aws                                         | XY12345        | xy12345.us-east-2.aws.snowflakecomputing.com
            XY12345.US-EAST-2.AWS                                         | XY12345        | xy12345.us-east-2.aws.snowflakecomputing.com
            xy12345.eu-central-1                                          | XY12345        | xy12345.eu-central-1.snowflakecomputing.com
            xy12345.eu-west-1                                             | XY12345        | xy12345.eu-west-1.snowflakecomputing.com
            xy12345.ap-southeast-2                                        | XY12345        | xy12345.ap-southeast-2.snowflakecomputing.com
            xy12345.us-west-2.aws                                         | XY12345        | xy12345.us-west-2.aws.snowflakecomputing.com
            xy12345.us-east-1-gov.aws                                     | XY12345        | xy12345.us-east-1-gov.aws.snowflakecomputing.com
            xy12345.fhplus.us-gov-west-1.aws                              | XY12345        | xy12345.fhplus.us-gov-west-1.aws.snowflakecomputing.com
            xy12345.east-us-2.azure                                       | XY12345        | xy12345.east-us-2.azure.snowflakecomputing.com
            xy12345.us-central1.gcp                                       | XY12345        | xy12345.us-central1.gcp.snowflakecomputing.com
            # a region newer than the shipped table still works when the cloud is given
            xy12345.ap-southeast-9.aws                                    | XY12345        | xy12345.ap-southeast-9.aws.snowflakecomputing.com
            # PrivateLink: the JWT never carries region, cloud or privatelink (gosnowflake #1033, arrow-adbc #1777)
            xy12345.us-east-1.privatelink                                 | XY12345        | xy12345.us-east-1.privatelink.snowflakecomputing.com
            xy12345.ca-central-1.aws.privatelink                          | XY12345        | xy12345.ca-central-1.aws.privatelink.snowflakecomputing.com
            myorg-myacct.privatelink                                      | MYORG-MYACCT   | myorg-myacct.privatelink.snowflakecomputing.com
            # PrivateLink hosts keep underscores (Snowflake's JDBC parameter reference, allowUnderscoresInHost)
            myorg-my_acct.privatelink                                     | MYORG-MY_ACCT  | myorg-my_acct.privatelink.snowflakecomputing.com
            MyOrg-My_Acct.PrivateLink                                     | MYORG-MY_ACCT  | myorg-my_acct.privatelink.snowflakecomputing.com
            myorg.my_acct.privatelink                                     | MYORG-MY_ACCT  | myorg-my_acct.privatelink.snowflakecomputing.com
            https://myorg-my_acct.privatelink.snowflakecomputing.com      | MYORG-MY_ACCT  | myorg-my_acct.privatelink.snowflakecomputing.com
            # org-account: underscores stay in the JWT, become hyphens in a public host
            myorg-myacct                                                  | MYORG-MYACCT   | myorg-myacct.snowflakecomputing.com
            myorg-my_acct                                                 | MYORG-MY_ACCT  | myorg-my-acct.snowflakecomputing.com
            MyOrg-My_Acct                                                 | MYORG-MY_ACCT  | myorg-my-acct.snowflakecomputing.com
            # org.account: snowflake-jdbc 3.27+ would cut this at the dot to MYORG (snowflake-rs #61)
            myorg.myacct                                                  | MYORG-MYACCT   | myorg-myacct.snowflakecomputing.com
            myorg.my_acct                                                 | MYORG-MY_ACCT  | myorg-my-acct.snowflakecomputing.com
            myorg.myacct.privatelink                                      | MYORG-MYACCT   | myorg-myacct.privatelink.snowflakecomputing.com
            # full URLs, as copied from the browser or Snowsight
            https://myorg-myacct.snowflakecomputing.com                   | MYORG-MYACCT   | myorg-myacct.snowflakecomputing.com
            https://myorg-my_acct.snowflakecomputing.com/                 | MYORG-MY_ACCT  | myorg-my-acct.snowflakecomputing.com
            myorg-myacct.snowflakecomputing.com                           | MYORG-MYACCT   | myorg-myacct.snowflakecomputing.com
            https://xy12345.us-east-2.aws.snowflakecomputing.com          | XY12345        | xy12345.us-east-2.aws.snowflakecomputing.com
            https://xy12345.us-east-1.privatelink.snowflakecomputing.com  | XY12345        | xy12345.us-east-1.privatelink.snowflakecomputing.com
            HTTPS://MYORG-MYACCT.PRIVATELINK.SNOWFLAKECOMPUTING.COM:443   | MYORG-MYACCT   | myorg-myacct.privatelink.snowflakecomputing.com
            """)
    void parse_separatesJwtIdentifierFromUrlHost(String account, String jwt, String host) {
        AccountName name = AccountName.parse(account);

        assertThat(name.jwtIdentifier()).isEqualTo(jwt);
        assertThat(name.host()).isEqualTo(host);
        assertThat(name.privateLink()).isEqualTo(host.contains(".privatelink."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "xy12345..us-east-1", "a.b.c", "xy12345.mars-north-1.aws.extra",
        "xy12345.us-east-1.gcp", "my org-acct", "http://myorg-myacct.snowflakecomputing.com",
        "https://example.com", "myorg-myacct.example.com", ".privatelink", "xy12345/../"})
    void parse_refusesWhatIsNoAccountIdentifier_sayingWhatIsWrong(String account) {
        assertThatThrownBy(() -> AccountName.parse(account)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(account.isBlank() ? "'  '" : account);
    }
}
