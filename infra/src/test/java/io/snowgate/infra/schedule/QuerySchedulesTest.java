package io.snowgate.infra.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.infra.workload.CatalogWorkload;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.schedule.ScheduledEventMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.AliasAttributes;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.Version;
import software.amazon.awscdk.services.lambda.VersionAttributes;

/** The schedules' payloads as Scheduler will send them: the template's Input text, read as the function reads it. */
class QuerySchedulesTest {

    private static final ObjectMapper FUNCTION_JSON = QueryFunction.jsonMapper();

    @Test
    void payload_carriesTheCatalogsParamsExactly_evenWhereAJavaScriptNumberWouldRoundThem() throws Exception {
        // Values the catalog accepts (an integer is 64-bit, a number up to 38 digits) beyond a double's 53 bits.
        List<ScheduledQuery> queries = CatalogWorkload.from(QueryCatalog.parse("""
                queries:
                  - name: big_values
                    sql: SELECT :id AS id, :amount AS amount
                    parameters:
                      - name: id
                        type: integer
                      - name: amount
                        type: number
                    schedule:
                      expression: rate(1 day)
                      params:
                        id: 9007199254740993
                        amount: 12345678901234567890.123456789
                """, "catalog.yaml")).schedules();

        // What Scheduler sends: the template's Input with the firing time put in.
        String sent = input(queries).replace(QuerySchedules.SCHEDULED_TIME_ATTRIBUTE, "2026-11-27T08:00:00Z");
        Map<String, Object> params = new ScheduledEventMapper(FUNCTION_JSON).map(FUNCTION_JSON.readTree(sent)).params();

        assertThat(params).containsExactly(Map.entry("id", 9007199254740993L),
                Map.entry("amount", new BigDecimal("12345678901234567890.123456789")));
    }

    /** The one schedule's target Input, as the synthesized template holds it. */
    @SuppressWarnings("unchecked")
    private static String input(List<ScheduledQuery> queries) {
        Stack stack = new Stack(new App(), "Schedules");
        var function = Function.fromFunctionAttributes(stack, "Function", FunctionAttributes.builder()
                .functionArn("arn:aws:lambda:eu-west-1:123456789012:function:snowgate-scheduled")
                .role(Role.fromRoleArn(stack, "Role", "arn:aws:iam::123456789012:role/snowgate-scheduled"))
                .build());
        var alias = Alias.fromAliasAttributes(stack, "Alias", AliasAttributes.builder().aliasName("live")
                .aliasVersion(Version.fromVersionAttributes(stack, "Version", VersionAttributes.builder()
                        .version("1").lambda(function).build()))
                .build());
        new QuerySchedules(stack, "Schedules", alias, new ScheduleQueues(stack, "Queues"), queries);
        Map<String, Map<String, Object>> schedules = Template.fromStack(stack)
                .findResources("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) schedules.values().iterator().next().get("Properties");
        return (String) ((Map<String, Object>) properties.get("Target")).get("Input");
    }
}
