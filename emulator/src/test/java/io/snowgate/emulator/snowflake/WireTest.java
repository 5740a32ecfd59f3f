package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void loginRequest_toString_namesTheUserAndAuthenticator_neverTheToken() throws Exception {
        Wire.LoginRequest request = Wire.LoginRequest.from(new ObjectMapper().readTree("""
                {"data": {"LOGIN_NAME": "SVC", "ACCOUNT_NAME": "XY12345", "AUTHENTICATOR": "SNOWFLAKE_JWT",
                          "TOKEN": "eyJhbGciOiJSUzI1NiJ9.canary.signature"}}"""));

        assertThat(request.toString()).contains("SVC", "XY12345", "SNOWFLAKE_JWT").doesNotContain("canary");
    }
}
