package io.snowgate.infra;

import static io.snowgate.infra.Synthesized.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
import io.snowgate.infra.config.VpcSettings;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.network.SnowflakePrivateLink;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.workload.ScheduledQuery;
import io.snowgate.infra.workload.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * PrivateLink and NAT egress in an existing VPC given by ids, in a fixed account and region: nothing is looked up,
 * the VPC and its NAT are the operator's (no VPC, flow log, NAT or Elastic IP is created and no address is output),
 * the records go into an existing hosted zone, and HTTPS to S3 is narrowed to the region's prefix list.
 */
class ImportedVpcStackTest {

    private static final VpcSettings VPC = new VpcSettings("vpc-0a1b2c3d4e5f67890",
            List.of("subnet-0a1b2c3d4e5f67890", "subnet-0b1b2c3d4e5f67890"),
            List.of("rtb-0a1b2c3d4e5f67890", "rtb-0b1b2c3d4e5f67890"), List.of("eu-west-1a", "eu-west-1b"));
    private static final String ZONE_ID = "Z0123456789ABCDEFGHIJ";
    private static final String PREFIX_LIST = "pl-6da54004";

    private static Synthesized synth;
    private static SnowgateStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        synth = Deployment.IMPORTED_VPC.synthesized();
        stack = synth.stack();
        template = synth.template();
    }

    /** This class's deployment, synthesized ({@link Deployment#IMPORTED_VPC}). */
    static Synthesized build() {
        InfraSettings defaults = InfraSettings.defaults();
        InfraSettings settings = new InfraSettings("SnowgateProd", Optional.of("123456789012"),
                Optional.of("eu-west-1"), defaults.secret(), defaults.passphraseSecret(), defaults.key(),
                defaults.memorySizeMb(), defaults.timeoutSeconds(), defaults.logRetention(),
                defaults.reservedConcurrency(), defaults.secretTtlSeconds(), defaults.alarmTopicArn(),
                defaults.catalogFile(), defaults.api(), new NetworkSettings(Optional.of(VPC),
                Optional.of(PrivateLinkStackTest.PRIVATE_LINK), Optional.of(ZONE_ID), Optional.of(PREFIX_LIST),
                Egress.NAT));
        return Synthesized.of(settings, new Workload(
                List.of(new ScheduledQuery("refresh_totals", "rate(1 day)", "UTC", Map.of(), true)), List.of()));
    }

    private static SnowflakePrivateLink privateLink() {
        return stack.privateLink().orElseThrow();
    }

    /**
     * An ARN in the stack's account and region, the partition a literal too (cdk.json's
     * {@code @aws-cdk/core:enablePartitionLiterals}, with the region set).
     */
    private static Object ec2Arn(String resource, Object id) {
        String prefix = "arn:aws:ec2:eu-west-1:123456789012:" + resource + "/";
        return id instanceof String literal ? prefix + literal : Map.of("Fn::Join", List.of("", List.of(prefix, id)));
    }

    @Test
    void synthesis_needsNoLookup() {
        CloudAssembly assembly = synth.app().synth();
        assertThat(assembly.getManifest().getMissing()).isNullOrEmpty();
    }

    @Test
    void importedVpc_isReferencedById_andItsOwnNatIsUsed_soNothingIsCreatedOrOutput() {
        for (String type : List.of("AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::FlowLog", "AWS::EC2::NatGateway",
                "AWS::EC2::EIP", "AWS::EC2::InternetGateway", "AWS::Route53::HostedZone")) {
            template.resourceCountIs(type, 0);
        }
        assertThat(template.findOutputs("NatEgressIps")).isEmpty();
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", "Snowgate functions: egress only to what they call",
                "VpcId", VPC.vpcId()));
    }

    @Test
    void endpoints_goIntoTheGivenSubnets_andS3IntoTheGivenRouteTables() {
        for (var endpoint : List.of(privateLink().snowflakeEndpoint(), privateLink().secretsManagerEndpoint())) {
            assertThat(synth.properties(synth.logicalId(endpoint)))
                    .containsEntry("VpcId", VPC.vpcId())
                    .containsEntry("SubnetIds", VPC.privateSubnetIds());
        }
        assertThat(synth.properties(synth.logicalId(privateLink().s3Endpoint())))
                .containsEntry("VpcEndpointType", "Gateway")
                .containsEntry("RouteTableIds", VPC.privateSubnetRouteTableIds());
    }

    @Test
    void records_goIntoTheExistingZone() {
        assertThat(synth.propertiesOfType("AWS::Route53::RecordSet").values())
                .hasSize(4)
                .allSatisfy(record -> assertThat(record).containsEntry("HostedZoneId", ZONE_ID));
    }

    @Test
    void functionEgress_toS3_isNarrowedToThePrefixList() {
        template.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "GroupId", synth.getAtt(stack.network().orElseThrow().securityGroup(), "GroupId"),
                "DestinationPrefixListId", PREFIX_LIST,
                "FromPort", 443, "ToPort", 443, "IpProtocol", "tcp"));
    }

    @Test
    void functions_runInTheGivenSubnets_andCreateInterfacesOnlyThere() {
        Object groupId = synth.getAtt(stack.network().orElseThrow().securityGroup(), "GroupId");
        List<Object> subnetArns = VPC.privateSubnetIds().stream().map(id -> ec2Arn("subnet", id)).toList();
        List<Object> createResources = new ArrayList<>(subnetArns);
        createResources.add(ec2Arn("security-group", groupId));
        SnowgateFunction function = stack.scheduledFunction();
        assertThat(synth.properties(synth.logicalId(function.function())).get("VpcConfig")).isEqualTo(Map.of(
                "SubnetIds", VPC.privateSubnetIds(), "SecurityGroupIds", List.of(groupId)));
        assertThat(synth.statementsOf(function.role())).contains(
                statement("CreateNetworkInterfacesInFunctionSubnetsAndGroup", List.of("ec2:CreateNetworkInterface"),
                        createResources, null),
                statement("ManageNetworkInterfacesInFunctionSubnets", List.of("ec2:AssignPrivateIpAddresses",
                                "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
                                "ec2:UnassignPrivateIpAddresses"),
                        List.of(ec2Arn("network-interface", "*")),
                        Map.of("ArnEquals", Map.of("ec2:Subnet", subnetArns))));
    }
}
