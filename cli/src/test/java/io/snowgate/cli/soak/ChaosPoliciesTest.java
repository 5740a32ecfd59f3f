package io.snowgate.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.RecordedRequest;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class ChaosPoliciesTest {

    private final ReentrantLock rotationStep = new ReentrantLock();
    private final ChaosPolicies.Snowflake snowflake = new ChaosPolicies.Snowflake(rotationStep);

    /** A query-request as snowflake-jdbc posts it, with the statement's QUERY_TAG parameter. */
    private static RecordedRequest statement(String requestId) {
        String tag = "{\\\"app\\\":\\\"snowgate\\\",\\\"query\\\":\\\"soak_read\\\",\\\"requestId\\\":\\\"" + requestId
                + "\\\"}";
        String body = "{\"sqlText\":\"SELECT 1\",\"parameters\":{\"QUERY_TAG\":\"" + tag + "\"}}";
        return request(SnowflakeStandIn.QUERY, body);
    }

    private static RecordedRequest request(String kind, String body) {
        return new RecordedRequest(kind, "POST", "/queries/v1/query-request", "requestId=x", Map.of(),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    @Test
    void aStatementFault_hitsOnlyTheStatementTaggedWithItsRequestId_andCountsItsPosts() {
        snowflake.aim("e01-i0007", StatementFault.DROPPED_ONCE);

        assertThat(snowflake.faultFor(statement("e02-i0001"))).isEmpty();
        assertThat(snowflake.faultFor(request(SnowflakeStandIn.QUERY, "{\"sqlText\":\"SELECT 1\"}"))).isEmpty();
        assertThat(snowflake.faultFor(statement("e01-i0007"))).containsInstanceOf(Fault.Drop.class);
        assertThat(snowflake.faultFor(statement("e01-i0007"))).as("the driver's re-post is served").isEmpty();

        ChaosPolicies.Snowflake.Aim aim = snowflake.withdraw("e01-i0007").orElseThrow();
        assertThat(List.of(aim.posts(), aim.faulted())).containsExactly(2, 1);
        assertThat(snowflake.faultFor(statement("e01-i0007"))).isEmpty();
    }

    @Test
    void aRefusedLogin_isRefusedOnce_andNeverTheRotationFunctions() {
        snowflake.refuseNextLogin();
        rotationStep.lock();
        try {
            assertThat(snowflake.faultFor(request(SnowflakeStandIn.LOGIN, "{}"))).isEmpty();
        } finally {
            rotationStep.unlock();
        }

        assertThat(snowflake.faultFor(request(SnowflakeStandIn.LOGIN, "{}"))).hasValueSatisfying(fault ->
                assertThat(((Fault.Error) fault).code()).isEqualTo(SoakFaults.JWT_INVALID));
        assertThat(snowflake.faultFor(request(SnowflakeStandIn.LOGIN, "{}"))).isEmpty();
        assertThat(snowflake.loginsRefused()).hasSize(1);
    }
}
