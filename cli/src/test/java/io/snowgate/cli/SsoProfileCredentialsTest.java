package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code secret put} and {@code verify} sign with the AWS SDK's default chain on an engineer's machine, where an IAM
 * Identity Center (SSO) profile is the usual source: the SDK can use one only with its {@code sso} and
 * {@code ssooidc} modules on the class path, and otherwise fails whatever the profile holds.
 */
class SsoProfileCredentialsTest {

    @Test
    void anSsoProfile_isUnderstood_andAsksForItsSsoLogin_ratherThanForAMissingModule(@TempDir Path dir)
            throws Exception {
        Path config = Files.writeString(dir.resolve("config"), """
                [profile platform]
                sso_session = company
                sso_account_id = 111122223333
                sso_role_name = SnowgateOperator
                region = eu-west-1

                [sso-session company]
                sso_region = eu-west-1
                sso_start_url = https://company.awsapps.com/start
                """);
        ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build())
                .profileName("platform")
                .build();

        // No cached token from `aws sso login`: the SDK says so, which it can only do with the modules present.
        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(SdkClientException.class)
                .hasMessageNotContaining("on the class path")
                .hasMessageContaining("sso");
    }
}
