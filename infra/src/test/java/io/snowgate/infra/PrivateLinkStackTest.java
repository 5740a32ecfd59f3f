package io.snowgate.infra;

import static io.snowgate.infra.Synthesized.statement;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
import io.snowgate.infra.config.PrivateLinkSettings;
import io.snowgate.infra.config.RotationMode;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.network.FunctionNetwork;
import io.snowgate.infra.network.SnowflakePrivateLink;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.HttpQuery;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Vpc;

/**
 * PrivateLink mode with a VPC the stack creates: isolated private subnets with flow logs, the Snowflake and Secrets
 * Manager interface endpoints, the S3 gateway endpoint, the private hosted zone with all four CNAMEs, and both
 * functions in the subnets connecting to the PrivateLink host.
 */
class PrivateLinkStackTest {

    static final PrivateLinkSettings PRIVATE_LINK = new PrivateLinkSettings(
            "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
            "xy12345.eu-west-1.privatelink.snowflakecomputing.com",
            "ocsp.xy12345.eu-west-1.privatelink.snowflakecomputing.com",
            Optional.of("myorg-my_account.privatelink.snowflakecomputing.com"),
            Optional.of("ocsp.myorg-my_account.privatelink.snowflakecomputing.com"));

    private static final Workload WORKLOAD = new Workload(
            List.of(new ScheduledQuery("hourly_health", "rate(1 hour)", "UTC", Map.of(), true)),
            List.of(new HttpQuery("hourly_health")));

    private static Synthesized synth;
    private static SnowgateStack stack;
    private static Template template;

    /** This class's deployment, synthesized ({@link Deployment#PRIVATE_LINK}). */
    static Synthesized build() {
        InfraSettings inVpc = InfraSettings.defaults().withNetwork(new NetworkSettings(Optional.empty(),
                Optional.of(PRIVATE_LINK), Optional.empty(), Optional.empty(), Egress.NONE));
        // The rotation function signs in to Snowflake too: it must take the same private path.
        return Synthesized.of(inVpc.withRotation(new RotationMode.Function(30, false, Optional.empty())), WORKLOAD);
    }

    @BeforeAll
    static void synthesize() {
        synth = Deployment.PRIVATE_LINK.synthesized();
        stack = synth.stack();
        template = synth.template();
    }

    private static FunctionNetwork network() {
        return stack.network().orElseThrow();
    }

    private static SnowflakePrivateLink privateLink() {
        return stack.privateLink().orElseThrow();
    }

    private static Map<String, Object> functionGroupId() {
        return synth.getAtt(network().securityGroup(), "GroupId");
    }

    private static List<Object> subnetRefs() {
        return network().subnets().stream().map(subnet -> (Object) synth.ref(subnet)).toList();
    }

    private static List<SnowgateFunction> functions() {
        return List.of(stack.scheduledFunction(), stack.httpFunction().orElseThrow(),
                stack.rotation().function().orElseThrow());
    }

    /** An ARN as CDK joins it in an environment-agnostic stack: a literal name is merged into the last literal. */
    private static Map<String, Object> ec2Arn(String resource, Object id) {
        List<Object> parts = new ArrayList<>(List.of("arn:", Map.of("Ref", "AWS::Partition"), ":ec2:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId")));
        if (id instanceof String literal) {
            parts.add(":" + resource + "/" + literal);
        } else {
            parts.addAll(List.of(":" + resource + "/", id));
        }
        return Map.of("Fn::Join", List.of("", parts));
    }

    @Test
    void createdVpc_hasTwoIsolatedSubnets_flowLogsOfAllTraffic_andNoRouteToTheInternet() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", FunctionNetwork.CREATED_VPC_CIDR,
                "EnableDnsHostnames", true, "EnableDnsSupport", true));
        assertThat(network().subnets()).hasSize(2)
                .allSatisfy(subnet -> assertThat(((Vpc) network().vpc()).getIsolatedSubnets()).contains(subnet));
        template.resourceCountIs("AWS::EC2::InternetGateway", 0);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::EIP", 0);
        template.resourceCountIs("AWS::EC2::Route", 0);
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceId", synth.ref(network().vpc()),
                "ResourceType", "VPC",
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs",
                "LogGroupName", synth.ref(network().flowLogs().orElseThrow())));
        assertThat(template.findOutputs("NatEgressIps")).isEmpty();
    }

    @Test
    void snowflakeEndpoint_reachesTheEndpointService_withPrivateDnsOff_inTheFunctionSubnets() {
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 3);
        assertThat(synth.properties(synth.logicalId(privateLink().snowflakeEndpoint()))).isEqualTo(Map.of(
                "ServiceName", PRIVATE_LINK.endpointServiceName(),
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", false,
                "VpcId", synth.ref(network().vpc()),
                "SubnetIds", subnetRefs(),
                "SecurityGroupIds", List.of(synth.getAtt(privateLink().snowflakeSecurityGroup(), "GroupId"))));
    }

    @Test
    void endpointSecurityGroups_admitOnlyTheFunctionGroup_onTheirPorts_neverAnAddressRange() {
        Map<String, Map<String, Object>> ingress = synth.propertiesOfType("AWS::EC2::SecurityGroupIngress");
        Set<List<Object>> rules = ingress.values().stream()
                .peek(rule -> assertThat(rule)
                        .containsEntry("SourceSecurityGroupId", functionGroupId())
                        .containsEntry("IpProtocol", "tcp")
                        .doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId"))
                .map(rule -> List.of(rule.get("GroupId"), rule.get("FromPort"), rule.get("ToPort")))
                .collect(Collectors.toSet());
        Object snowflakeGroup = synth.getAtt(privateLink().snowflakeSecurityGroup(), "GroupId");
        Object secretsGroup = synth.getAtt(privateLink().secretsManagerSecurityGroup(), "GroupId");
        assertThat(rules).containsExactlyInAnyOrder(
                List.of(snowflakeGroup, 443, 443), List.of(snowflakeGroup, 80, 80), List.of(secretsGroup, 443, 443));
        for (var group : List.of(privateLink().snowflakeSecurityGroup(), privateLink().secretsManagerSecurityGroup())) {
            assertThat(synth.properties(synth.logicalId(group))).doesNotContainKey("SecurityGroupIngress");
        }
    }

    @Test
    void functionSecurityGroup_sendsOnlyToTheEndpointsAndHttpsToS3() {
        Map<String, Object> group = synth.properties(synth.logicalId(network().securityGroup()));
        // Without a prefix list id the S3 route is the only way out on 443 besides the endpoints.
        assertThat(group.get("SecurityGroupEgress")).isEqualTo(List.of(Map.of("CidrIp", "0.0.0.0/0",
                "Description", "HTTPS to S3 (large query results) through the gateway endpoint route",
                "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)));
        Set<List<Object>> egress = synth.propertiesOfType("AWS::EC2::SecurityGroupEgress").values().stream()
                .peek(rule -> assertThat(rule).containsEntry("GroupId", functionGroupId()))
                .map(rule -> List.of(rule.get("DestinationSecurityGroupId"), rule.get("FromPort"), rule.get("ToPort")))
                .collect(Collectors.toSet());
        Object snowflakeGroup = synth.getAtt(privateLink().snowflakeSecurityGroup(), "GroupId");
        Object secretsGroup = synth.getAtt(privateLink().secretsManagerSecurityGroup(), "GroupId");
        assertThat(egress).containsExactlyInAnyOrder(
                List.of(snowflakeGroup, 443, 443), List.of(snowflakeGroup, 80, 80), List.of(secretsGroup, 443, 443));
    }

    @Test
    void output_namesTheSnowflakeEndpoint_forANetworkRule() {
        template.hasOutput("SnowflakeEndpointId", Map.of("Value", synth.ref(privateLink().snowflakeEndpoint())));
    }

    @Test
    void hostedZone_isPrivate_andAssociatedWithTheVpc() {
        template.resourceCountIs("AWS::Route53::HostedZone", 1);
        template.hasResourceProperties("AWS::Route53::HostedZone", Map.of(
                "Name", "privatelink.snowflakecomputing.com.",
                "VPCs", List.of(Map.of("VPCId", synth.ref(network().vpc()),
                        "VPCRegion", Map.of("Ref", "AWS::Region")))));
    }

    @Test
    void cnames_forAccountOcspAndRegionlessHosts_pointAtTheEndpointsFirstDnsName() {
        Object endpointDnsName = Map.of("Fn::Select", List.of(1, Map.of("Fn::Split", List.of(":",
                Map.of("Fn::Select", List.of(0, synth.getAtt(privateLink().snowflakeEndpoint(), "DnsEntries")))))));
        Map<String, Map<String, Object>> records = synth.propertiesOfType("AWS::Route53::RecordSet");
        assertThat(records.values()).extracting(record -> record.get("Name")).containsExactlyInAnyOrder(
                "xy12345.eu-west-1.privatelink.snowflakecomputing.com.",
                "ocsp.xy12345.eu-west-1.privatelink.snowflakecomputing.com.",
                "myorg-my_account.privatelink.snowflakecomputing.com.",
                "ocsp.myorg-my_account.privatelink.snowflakecomputing.com.");
        assertThat(records.values()).allSatisfy(record -> assertThat(record)
                .containsEntry("Type", "CNAME")
                .containsEntry("HostedZoneId", synth.ref(privateLink().hostedZone()))
                .containsEntry("ResourceRecords", List.of(endpointDnsName))
                .containsEntry("TTL", "300"));
    }

    @Test
    void secretsManagerEndpoint_hasPrivateDns_andS3GatewayEndpoint_routesTheFunctionSubnets() {
        assertThat(synth.properties(synth.logicalId(privateLink().secretsManagerEndpoint()))).isEqualTo(Map.of(
                "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"),
                        ".secretsmanager"))),
                "VpcEndpointType", "Interface",
                "PrivateDnsEnabled", true,
                "VpcId", synth.ref(network().vpc()),
                "SubnetIds", subnetRefs(),
                "SecurityGroupIds", List.of(synth.getAtt(privateLink().secretsManagerSecurityGroup(), "GroupId")),
                "PolicyDocument", thisAccountsPrincipalsOnly("secretsmanager:*")));
        List<Object> routeTables = network().subnets().stream()
                .map(subnet -> synth.resolve(subnet.getRouteTable().getRouteTableId()))
                .toList();
        assertThat(synth.properties(synth.logicalId(privateLink().s3Endpoint()))).isEqualTo(Map.of(
                "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"),
                        ".s3"))),
                "VpcEndpointType", "Gateway",
                "VpcId", synth.ref(network().vpc()),
                "RouteTableIds", routeTables));
    }

    /**
     * The policy an AWS service endpoint gets in place of the default full access: the service's actions for this
     * account's principals only, so the subnets cannot reach another account's secrets or tokens through it.
     */
    static Map<String, Object> thisAccountsPrincipalsOnly(String actions) {
        return Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Sid", "ThisAccountsPrincipalsOnly",
                "Effect", "Allow",
                "Principal", Map.of("AWS", "*"),
                "Action", actions,
                "Resource", "*",
                "Condition", Map.of("StringEquals", Map.of("aws:PrincipalAccount", Map.of("Ref", "AWS::AccountId"))))));
    }

    @Test
    void functions_runInTheSubnetsWithTheirGroup_andConnectToThePrivateLinkHost() {
        for (SnowgateFunction function : functions()) {
            Map<String, Object> properties = synth.properties(synth.logicalId(function.function()));
            assertThat(properties.get("VpcConfig")).isEqualTo(Map.of(
                    "SubnetIds", subnetRefs(), "SecurityGroupIds", List.of(functionGroupId())));
            assertThat(properties.get("Environment")).asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                    .extractingByKey("Variables").asInstanceOf(
                            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                    .containsEntry(FunctionEnvironment.SNOWFLAKE_URL,
                            "https://xy12345.eu-west-1.privatelink.snowflakecomputing.com");
        }
    }

    /**
     * CloudFormation orders only what references what. CDK makes a function in NAT subnets wait for the default routes;
     * here the way out is the endpoints, their security group rules and the CNAMEs, which nothing references. Every
     * trigger (schedule, API route, the rotation schedule, whose check runs testSecret at once) invokes the alias.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyAlias_waitsForTheEndpointsRulesAndRecords_soNoTriggerRunsAFunctionWithNoWayOut() {
        Set<String> wayOut = new java.util.HashSet<>();
        for (String type : List.of("AWS::EC2::VPCEndpoint", "AWS::EC2::SecurityGroupIngress",
                "AWS::EC2::SecurityGroupEgress", "AWS::Route53::RecordSet")) {
            wayOut.addAll(synth.propertiesOfType(type).keySet());
        }
        assertThat(wayOut).hasSize(3 + 3 + 3 + 4);
        for (SnowgateFunction function : functions()) {
            Object dependsOn = synth.resource(synth.logicalId(function.alias())).get("DependsOn");
            assertThat(dependsOn).as(function.getNode().getPath()).isNotNull();
            assertThat((List<String>) dependsOn).as(function.getNode().getPath()).containsAll(wayOut);
        }
    }

    @Test
    void functionRoles_gainNetworkInterfaceStatements_scopedToTheSubnetsAndGroup_withoutManagedPolicy() {
        List<Object> subnetArns = new ArrayList<>();
        for (ISubnet subnet : network().subnets()) {
            subnetArns.add(ec2Arn("subnet", synth.ref(subnet)));
        }
        // In the order cdk.json's @aws-cdk/aws-iam:minimizePolicies sorts a statement's resources.
        List<Object> createResources = new ArrayList<>(List.of(ec2Arn("security-group", functionGroupId())));
        createResources.addAll(subnetArns);
        List<Object> expected = List.of(
                statement("CreateNetworkInterfacesInFunctionSubnetsAndGroup", List.of("ec2:CreateNetworkInterface"),
                        createResources, null),
                statement("ManageNetworkInterfacesInFunctionSubnets", List.of("ec2:AssignPrivateIpAddresses",
                                "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                                "ec2:UnassignPrivateIpAddresses"),
                        List.of(ec2Arn("network-interface", "*")),
                        Map.of("ArnEquals", Map.of("ec2:Subnet", subnetArns))),
                statement("DescribeNetworkInterfacesAndSubnets",
                        List.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"), List.of("*"), null));
        for (SnowgateFunction function : functions()) {
            // statementsOf also proves there is no managed policy (no AWSLambdaVPCAccessExecutionRole).
            List<Object> statements = synth.statementsOf(function.role());
            assertThat(statements.subList(statements.size() - 3, statements.size())).isEqualTo(expected);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void networkInterfaceWildcards_areSuppressedOnEachRole_forExactlyThoseResources() {
        for (SnowgateFunction function : functions()) {
            Map<String, Object> metadata =
                    (Map<String, Object>) synth.resource(synth.logicalId(function.role())).get("Metadata");
            List<Map<String, Object>> suppressions = (List<Map<String, Object>>)
                    ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress");
            assertThat(suppressions).singleElement().satisfies(suppression -> assertThat(suppression)
                    .containsEntry("id", "AwsSolutions-IAM5")
                    .containsEntry("applies_to", List.of("Resource::*", Map.of("regex",
                            "/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):ec2:.+:network-interface\\/\\*$/"))));
        }
    }
}
