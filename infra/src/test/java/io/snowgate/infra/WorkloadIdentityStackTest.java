package io.snowgate.infra;

import static io.snowgate.infra.Synthesized.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.FunctionMetrics;
import io.snowgate.infra.config.AttestationMethod;
import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
import io.snowgate.infra.config.WorkloadIdentitySettings;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.HttpQuery;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Workload identity mode ({@code auth=workload-identity}) in each network mode: no secret, KMS key or rotation
 * anywhere; each function's environment names its own role and the plain connection settings; the JWT method gets
 * {@code sts:GetWebIdentityToken} (for Snowflake's audience only) and, in PrivateLink mode, an STS endpoint instead
 * of the Secrets Manager one; the outputs give the role ARNs and the Snowflake statements.
 */
class WorkloadIdentityStackTest {

    static final String ISSUER = "https://0b8c2e7e-3f5d-4e6a-9a7b-2c1d0e9f8a7b.tokens.sts.global.api.aws";

    private static final Workload WORKLOAD = new Workload(
            List.of(new ScheduledQuery("hourly_health", "rate(1 hour)", "UTC", Map.of(), true)),
            List.of(new HttpQuery("hourly_health")));

    static WorkloadIdentitySettings keyless(AttestationMethod method) {
        return new WorkloadIdentitySettings("myorg-analytics", "SNOWGATE_SVC", Optional.of("SNOWGATE_WH"),
                Optional.of("ANALYTICS"), Optional.of("PUBLIC"), Optional.of("SNOWGATE_RUNNER"), method,
                method == AttestationMethod.WEB_IDENTITY_TOKEN ? Optional.of(ISSUER) : Optional.empty());
    }

    /** {@link Deployment#WORKLOAD_IDENTITY}: no VPC, the default (signed request) method. */
    static Synthesized build() {
        return Synthesized.of(InfraSettings.defaults().withWorkloadIdentity(keyless(AttestationMethod.CALLER_IDENTITY)),
                WORKLOAD);
    }

    /** {@link Deployment#WORKLOAD_IDENTITY_PRIVATE_LINK}: PrivateLink, the JWT method (the function calls STS). */
    static Synthesized buildPrivateLink() {
        return Synthesized.of(InfraSettings.defaults()
                .withNetwork(new NetworkSettings(Optional.empty(), Optional.of(PrivateLinkStackTest.PRIVATE_LINK),
                        Optional.empty(), Optional.empty(), Egress.NONE))
                .withWorkloadIdentity(keyless(AttestationMethod.WEB_IDENTITY_TOKEN)), WORKLOAD);
    }

    /** {@link Deployment#WORKLOAD_IDENTITY_NAT}: fixed egress addresses, the default method. */
    static Synthesized buildNat() {
        return Synthesized.of(InfraSettings.defaults()
                .withNetwork(new NetworkSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Egress.NAT))
                .withWorkloadIdentity(keyless(AttestationMethod.CALLER_IDENTITY)), WORKLOAD);
    }

    @Nested
    class WithoutAVpc {

        private final Synthesized synth = Deployment.WORKLOAD_IDENTITY.synthesized();
        private final SnowgateStack stack = synth.stack();

        @Test
        void noSecretKeyOrRotation_isDeployed() {
            assertThat(synth.template().findResources("AWS::SecretsManager::Secret")).isEmpty();
            assertThat(synth.propertiesOfType("AWS::KMS::Key").values()).as("only the alarm topic's key")
                    .extracting(properties -> properties.get("Description"))
                    .containsExactly("Encrypts the Snowgate alarm topic");
            assertThat(synth.template().findResources("AWS::SecretsManager::RotationSchedule")).isEmpty();
            assertThat(stack.usesSecrets()).isFalse();
            assertThatThrownBy(stack::rotation).isInstanceOf(IllegalStateException.class);
            assertThat(synth.json().get("Outputs")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                    .doesNotContainKey("SecretId");
        }

        @Test
        void noAlarmWatchesASecretThatIsNotThere() {
            assertThat(synth.propertiesOfType("AWS::CloudWatch::Alarm").values())
                    .extracting(properties -> properties.get("MetricName"))
                    .isNotEmpty().doesNotContain(FunctionMetrics.SECRET_STALE_SERVES);
        }

        @Test
        void eachFunction_getsItsOwnRoleArnAndThePlainConnectionSettings_andNoSecretVariable() {
            for (SnowgateFunction function : functions(stack)) {
                Map<String, Object> variables = variables(synth, function);
                assertThat(variables).containsEntry(FunctionEnvironment.AUTH, "workload-identity")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_ACCOUNT, "myorg-analytics")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_USER, "SNOWGATE_SVC")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_WAREHOUSE, "SNOWGATE_WH")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_DATABASE, "ANALYTICS")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_SCHEMA, "PUBLIC")
                        .containsEntry(FunctionEnvironment.SNOWFLAKE_ROLE, "SNOWGATE_RUNNER")
                        .containsEntry(FunctionEnvironment.WORKLOAD_IDENTITY_METHOD, "caller-identity")
                        .containsEntry(FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN,
                                synth.getAtt(function.role(), "Arn"))
                        .doesNotContainKeys(FunctionEnvironment.SECRET_ID, FunctionEnvironment.PASSPHRASE_SECRET_ID,
                                FunctionEnvironment.SECRET_TTL_SECONDS);
            }
        }

        @Test
        void theDefaultMethod_givesTheRolesNoAwsPermissionToSignIn() {
            assertThat(sids(stack.scheduledFunction())).containsExactlyInAnyOrder("WriteOwnLogs",
                    "SendFailedRunsToOnFailureQueue");
            assertThat(sids(stack.httpFunction().orElseThrow())).containsExactly("WriteOwnLogs");
        }

        @Test
        void outputs_giveTheRoleArnsAndTheExactSnowflakeStatements() {
            String scheduled = synth.logicalId(stack.scheduledFunction().role());
            String http = synth.logicalId(stack.httpFunction().orElseThrow().role());

            assertThat(output("ScheduledFunctionRoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(scheduled, "Arn")));
            assertThat(output("HttpFunctionRoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(http, "Arn")));
            assertThat(output("SnowflakeCreateUser")).isEqualTo(join(
                    "CREATE USER SNOWGATE_SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '",
                    Map.of("Fn::GetAtt", List.of(scheduled, "Arn")),
                    "') DEFAULT_ROLE = SNOWGATE_RUNNER DEFAULT_WAREHOUSE = SNOWGATE_WH; ALTER USER SNOWGATE_SVC ADD"
                            + " WORKLOAD IDENTITY SNOWGATE_HTTP TYPE = AWS ARN = '",
                    Map.of("Fn::GetAtt", List.of(http, "Arn")), "';"));
            assertThat(output("SnowflakeAlterUser")).isEqualTo(join(
                    "ALTER USER SNOWGATE_SVC ADD WORKLOAD IDENTITY SNOWGATE_SCHEDULED TYPE = AWS ARN = '",
                    Map.of("Fn::GetAtt", List.of(scheduled, "Arn")),
                    "'; ALTER USER SNOWGATE_SVC ADD WORKLOAD IDENTITY SNOWGATE_HTTP TYPE = AWS ARN = '",
                    Map.of("Fn::GetAtt", List.of(http, "Arn")), "';"));
        }

        private List<String> sids(SnowgateFunction function) {
            return synth.statementsOf(function.role()).stream().map(s -> String.valueOf(((Map<?, ?>) s).get("Sid")))
                    .toList();
        }

        @SuppressWarnings("unchecked")
        private Object output(String name) {
            Map<String, Object> outputs = (Map<String, Object>) synth.json().get("Outputs");
            assertThat(outputs).containsKey(name);
            return ((Map<String, Object>) outputs.get(name)).get("Value");
        }
    }

    @Nested
    class PrivateLinkWithTheJwtMethod {

        private final Synthesized synth = Deployment.WORKLOAD_IDENTITY_PRIVATE_LINK.synthesized();
        private final SnowgateStack stack = synth.stack();

        @Test
        void anStsEndpointReplacesTheSecretsManagerOne_reachableFromTheFunctionsOnly_forThisAccountsPrincipals() {
            var privateLink = stack.privateLink().orElseThrow();
            assertThat(privateLink.hasSecretsManagerEndpoint()).isFalse();
            var sts = privateLink.stsEndpoint().orElseThrow();
            synth.template().hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                    "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.",
                            Map.of("Ref", "AWS::Region"), ".sts"))),
                    "PrivateDnsEnabled", true, "VpcEndpointType", "Interface"));
            assertThat(synth.properties(synth.logicalId(sts)).get("PrivateDnsEnabled")).isEqualTo(true);
            assertThat(synth.properties(synth.logicalId(sts)).get("PolicyDocument"))
                    .isEqualTo(PrivateLinkStackTest.thisAccountsPrincipalsOnly("sts:*"));
            assertThat(synth.template().findResources("AWS::EC2::VPCEndpoint")).hasSize(3);
            synth.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                    "GroupId", synth.getAtt(privateLink.stsSecurityGroup().orElseThrow(), "GroupId"),
                    "SourceSecurityGroupId", synth.getAtt(stack.network().orElseThrow().securityGroup(), "GroupId"),
                    "FromPort", 443, "ToPort", 443, "IpProtocol", "tcp"));
        }

        @Test
        void theRoles_mayGetAWebIdentityTokenForSnowflakeOnly_andTheStatementsNameTheIssuer() {
            Object token = statement("GetWebIdentityTokenForSnowflake", List.of("sts:GetWebIdentityToken"),
                    List.of("*"), Map.of(
                            "ForAllValues:StringEquals", Map.of("sts:IdentityTokenAudience", "snowflakecomputing.com"),
                            "NumericLessThanEquals", Map.of("sts:DurationSeconds", 300)));
            for (SnowgateFunction function : functions(stack)) {
                assertThat(synth.statementsOf(function.role())).contains(token);
                assertThat(variables(synth, function)).containsEntry(FunctionEnvironment.WORKLOAD_IDENTITY_METHOD,
                        "web-identity-token").containsEntry(FunctionEnvironment.SNOWFLAKE_URL,
                        "https://" + PrivateLinkStackTest.PRIVATE_LINK.accountHost());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> create = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    synth.json().get("Outputs")).get("SnowflakeCreateUser")).get("Value");
            assertThat(create.toString()).contains("' ISSUER = '" + ISSUER + "')");
        }
    }

    @Nested
    class NatEgress {

        private final Synthesized synth = Deployment.WORKLOAD_IDENTITY_NAT.synthesized();

        @Test
        void theFunctionsRunBehindTheNat_withNoEndpointsAndNoSecret() {
            assertThat(synth.template().findResources("AWS::EC2::NatGateway")).isNotEmpty();
            assertThat(synth.template().findResources("AWS::EC2::VPCEndpoint")).isEmpty();
            assertThat(synth.template().findResources("AWS::SecretsManager::Secret")).isEmpty();
            for (SnowgateFunction function : functions(synth.stack())) {
                assertThat(variables(synth, function)).containsEntry(FunctionEnvironment.AUTH, "workload-identity");
            }
        }
    }

    @Nested
    class KeyPairBeforeAMigration {

        private final Synthesized synth = Deployment.CREATED.synthesized();

        @Test
        void outputsTheRoleArns_thatAMigrationAddsToTheSnowflakeUser_butNoSnowflakeStatements() {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>) synth.json().get("Outputs");
            assertThat(outputs.get("ScheduledFunctionRoleArn").get("Value"))
                    .isEqualTo(synth.getAtt(synth.stack().scheduledFunction().role(), "Arn"));
            assertThat(outputs.get("HttpFunctionRoleArn").get("Value"))
                    .isEqualTo(synth.getAtt(synth.stack().httpFunction().orElseThrow().role(), "Arn"));
            assertThat(outputs).doesNotContainKeys("SnowflakeCreateUser", "SnowflakeAlterUser").containsKey("SecretId");
        }
    }

    private static List<SnowgateFunction> functions(SnowgateStack stack) {
        return List.of(stack.scheduledFunction(), stack.httpFunction().orElseThrow());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Synthesized synth, SnowgateFunction function) {
        Map<String, Object> properties = synth.properties(synth.logicalId(function.function()));
        return (Map<String, Object>) ((Map<String, Object>) properties.get("Environment")).get("Variables");
    }

    private static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }
}
