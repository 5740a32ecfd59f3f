package io.snowgate.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.network.FunctionNetwork;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.HttpQuery;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.IConstruct;

/**
 * Fixed egress IP mode with a VPC the stack creates: a NAT gateway per zone on an Elastic IP allocated by the stack,
 * the addresses output for the Snowflake network policy, the functions in the private subnets.
 */
class NatEgressStackTest {

    private static final Workload WORKLOAD = new Workload(
            List.of(new ScheduledQuery("hourly_health", "rate(1 hour)", "UTC", Map.of(), true)),
            List.of(new HttpQuery("hourly_health")));

    private static Synthesized synth;
    private static SnowgateStack stack;
    private static Template template;

    /** This class's deployment, synthesized ({@link Deployment#NAT_EGRESS}). */
    static Synthesized build() {
        return Synthesized.of(InfraSettings.defaults().withNetwork(new NetworkSettings(Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Egress.NAT)), WORKLOAD);
    }

    @BeforeAll
    static void synthesize() {
        synth = Deployment.NAT_EGRESS.synthesized();
        stack = synth.stack();
        template = synth.template();
    }

    private static FunctionNetwork network() {
        return stack.network().orElseThrow();
    }

    @Test
    void eachZone_hasANatGatewayInItsPublicSubnet_onAnElasticIpTheStackAllocates() {
        List<CfnEIP> addresses = network().natAddresses();
        assertThat(addresses).hasSize(FunctionNetwork.AZ_COUNT);
        template.resourceCountIs("AWS::EC2::EIP", 2);
        template.resourceCountIs("AWS::EC2::NatGateway", 2);
        List<Object> publicSubnets = ((Vpc) network().vpc()).getPublicSubnets().stream()
                .map(subnet -> (Object) synth.ref(subnet)).toList();
        for (CfnEIP address : addresses) {
            assertThat(synth.properties(synth.logicalId(address))).isEqualTo(Map.of("Domain", "vpc"));
        }
        assertThat(synth.propertiesOfType("AWS::EC2::NatGateway").values())
                .extracting(nat -> List.of(nat.get("AllocationId"), nat.get("SubnetId")))
                .containsExactlyInAnyOrder(
                        List.of(synth.getAtt(addresses.get(0), "AllocationId"), publicSubnets.get(0)),
                        List.of(synth.getAtt(addresses.get(1), "AllocationId"), publicSubnets.get(1)));
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false,
                "Tags", List.of(Map.of("Key", "aws-cdk:subnet-name", "Value", "Public"),
                        Map.of("Key", "aws-cdk:subnet-type", "Value", "Public"),
                        Map.of("Key", "Name", "Value", "Snowgate/Network/Vpc/PublicSubnet1"))));
    }

    @Test
    void privateSubnets_routeEverythingThroughTheirZonesNatGateway() {
        Vpc vpc = (Vpc) network().vpc();
        for (int zone = 0; zone < FunctionNetwork.AZ_COUNT; zone++) {
            IConstruct nat = vpc.getPublicSubnets().get(zone).getNode().findChild("NATGateway");
            template.hasResourceProperties("AWS::EC2::Route", Map.of(
                    "DestinationCidrBlock", "0.0.0.0/0",
                    "RouteTableId", synth.resolve(network().subnets().get(zone).getRouteTable().getRouteTableId()),
                    "NatGatewayId", synth.ref(nat)));
        }
    }

    @Test
    void output_listsTheNatAddresses_forTheNetworkPolicy() {
        template.hasOutput("NatEgressIps", Map.of("Value", Map.of("Fn::Join", List.of(",", List.of(
                synth.getAtt(network().natAddresses().get(0), "PublicIp"),
                synth.getAtt(network().natAddresses().get(1), "PublicIp"))))));
    }

    @Test
    void functions_runInThePrivateSubnets_withHttpsAndOcspEgressOnly_andUseTheSecretsAccountHost() {
        Map<String, Object> groupId = synth.getAtt(network().securityGroup(), "GroupId");
        List<Object> privateSubnets = ((Vpc) network().vpc()).getPrivateSubnets().stream()
                .map(subnet -> (Object) synth.ref(subnet)).toList();
        assertThat(network().subnets()).isEqualTo(((Vpc) network().vpc()).getPrivateSubnets());
        for (SnowgateFunction function : List.of(stack.scheduledFunction(), stack.httpFunction().orElseThrow())) {
            Map<String, Object> properties = synth.properties(synth.logicalId(function.function()));
            assertThat(properties.get("VpcConfig")).isEqualTo(Map.of(
                    "SubnetIds", privateSubnets, "SecurityGroupIds", List.of(groupId)));
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties
                    .get("Environment")).get("Variables");
            assertThat(variables).doesNotContainKey(FunctionEnvironment.SNOWFLAKE_URL);
            assertThat(synth.statementsOf(function.role()).stream().map(s -> (Object) ((Map<?, ?>) s).get("Sid")))
                    .contains("CreateNetworkInterfacesInFunctionSubnetsAndGroup",
                            "ManageNetworkInterfacesInFunctionSubnets", "DescribeNetworkInterfacesAndSubnets");
        }
        assertThat(synth.properties(synth.logicalId(network().securityGroup())).get("SecurityGroupEgress"))
                .isEqualTo(List.of(
                        Map.of("CidrIp", "0.0.0.0/0", "Description",
                                "HTTPS to Snowflake, S3 and Secrets Manager through NAT",
                                "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443),
                        Map.of("CidrIp", "0.0.0.0/0", "Description",
                                "OCSP certificate checks by the Snowflake driver through NAT",
                                "FromPort", 80, "IpProtocol", "tcp", "ToPort", 80)));
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    }

    @Test
    void natMode_createsNoEndpointsOrHostedZone_butFlowLogs() {
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        template.resourceCountIs("AWS::Route53::HostedZone", 0);
        template.resourceCountIs("AWS::Route53::RecordSet", 0);
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceId", synth.ref(network().vpc()), "TrafficType", "ALL"));
    }


    @Test
    void createdVpc_inAStackPinnedToARegion_synthesizesOffline_andLeavesTheZonesToCloudFormation() {
        InfraSettings defaults = InfraSettings.defaults();
        Synthesized pinned = Synthesized.of(new InfraSettings(defaults.stackName(), Optional.of("123456789012"),
                Optional.of("eu-west-1"), defaults.secret(), defaults.passphraseSecret(), defaults.key(),
                defaults.memorySizeMb(), defaults.timeoutSeconds(), defaults.logRetention(),
                defaults.reservedConcurrency(), defaults.secretTtlSeconds(), defaults.alarmTopicArn(),
                defaults.catalogFile(), defaults.api(), new NetworkSettings(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Egress.NAT), defaults.rotation()), WORKLOAD);

        assertThat(pinned.app().synth().getManifest().getMissing()).as("no availability-zone lookup").isNullOrEmpty();
        assertThat(pinned.propertiesOfType("AWS::EC2::Subnet").values())
                .extracting(subnet -> subnet.get("AvailabilityZone"))
                .containsOnly(zone(0), zone(1));
    }

    /** The zone CloudFormation picks at deploy time: zone letters are mapped per account and not all exist in each. */
    private static Map<String, Object> zone(int index) {
        return Map.of("Fn::Select", List.of(index, Map.of("Fn::GetAZs", "")));
    }
}
