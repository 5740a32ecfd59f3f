package io.snowgate.infra.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.VpcSettings;
import io.snowgate.infra.function.FunctionPlacement;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.NatGatewayProps;
import software.amazon.awscdk.services.ec2.NatProvider;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The VPC the functions run in and their security group.
 *
 * <p>An existing VPC is imported from ids (no lookup, so synthesis needs no AWS credentials); its own routes decide
 * where traffic goes, and with {@link Egress#NAT} that means its own NAT: the stack creates no NAT and outputs no
 * address. A created VPC has one private subnet in each of {@value #AZ_COUNT} availability zones and flow logs;
 * without NAT the subnets are isolated (the PrivateLink endpoints are their only way out); with NAT each zone gets a
 * public subnet and a NAT gateway whose Elastic IP is allocated here, so the addresses can be output for a Snowflake
 * network policy.
 *
 * <p>The security group starts with no egress. NAT mode opens HTTPS (443) and HTTP (80) to any IPv4 address: the
 * Snowflake account, S3 result downloads and Secrets Manager are public endpoints whose addresses change, and the
 * driver checks certificates through OCSP responders on port 80 (an unreachable responder stalls every connect).
 * Without NAT, the endpoints open exactly their own ports ({@link SnowflakePrivateLink}).
 */
public final class FunctionNetwork extends Construct {

    /** Availability zones of a created VPC: enough for Lambda to survive a zone outage. */
    public static final int AZ_COUNT = 2;
    /** The address range of a created VPC; import a VPC to choose another. */
    public static final String CREATED_VPC_CIDR = "10.0.0.0/16";

    private final IVpc vpc;
    private final List<ISubnet> subnets;
    private final SecurityGroup securityGroup;
    private final List<CfnEIP> natAddresses;
    private final Optional<LogGroup> flowLogs;

    public FunctionNetwork(Construct scope, String id, FunctionNetworkProps props) {
        super(scope, id);
        List<CfnEIP> addresses = new ArrayList<>();
        if (props.vpc().isPresent()) {
            VpcSettings imported = props.vpc().get();
            this.vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(imported.vpcId())
                    .availabilityZones(imported.availabilityZones())
                    .privateSubnetIds(imported.privateSubnetIds())
                    .privateSubnetRouteTableIds(imported.privateSubnetRouteTableIds())
                    .build());
            this.subnets = vpc.getPrivateSubnets();
            this.flowLogs = Optional.empty();
        } else {
            boolean nat = props.egress() == Egress.NAT;
            LogGroup flowLogGroup = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(props.flowLogRetention())
                    .build();
            Vpc.Builder builder = Vpc.Builder.create(this, "Vpc")
                    .ipAddresses(IpAddresses.cidr(CREATED_VPC_CIDR))
                    .maxAzs(AZ_COUNT)
                    // Nothing is ever placed in the default group; restricting it would cost a custom resource
                    // function of CDK's own, with its own managed-policy role.
                    .restrictDefaultSecurityGroup(false)
                    .flowLogs(Map.of("FlowLog", FlowLogOptions.builder()
                            .destination(FlowLogDestination.toCloudWatchLogs(flowLogGroup))
                            .trafficType(FlowLogTrafficType.ALL)
                            .build()));
            if (nat) {
                for (int zone = 1; zone <= AZ_COUNT; zone++) {
                    addresses.add(CfnEIP.Builder.create(this, "NatAddress" + zone).domain("vpc").build());
                }
                builder.subnetConfiguration(List.of(
                                SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC)
                                        // Only the NAT gateways live here, with their own Elastic IPs.
                                        .mapPublicIpOnLaunch(false).cidrMask(24).build(),
                                SubnetConfiguration.builder().name("Private")
                                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build()))
                        .natGateways(AZ_COUNT)
                        .natGatewayProvider(NatProvider.gateway(NatGatewayProps.builder()
                                .eipAllocationIds(addresses.stream().map(CfnEIP::getAttrAllocationId).toList())
                                .build()));
            } else {
                builder.subnetConfiguration(List.of(SubnetConfiguration.builder().name("Private")
                                .subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(20).build()))
                        .natGateways(0);
            }
            Vpc created = builder.build();
            this.vpc = created;
            this.subnets = nat ? created.getPrivateSubnets() : created.getIsolatedSubnets();
            this.flowLogs = Optional.of(flowLogGroup);
        }
        this.natAddresses = List.copyOf(addresses);

        this.securityGroup = SecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpc(vpc)
                .description("Snowgate functions: egress only to what they call")
                .allowAllOutbound(false)
                .build();
        if (props.egress() == Egress.NAT) {
            securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                    "HTTPS to Snowflake, S3 and Secrets Manager through NAT");
            securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(80),
                    "OCSP certificate checks by the Snowflake driver through NAT");
        }
    }

    /** The VPC, created or imported. */
    public IVpc vpc() {
        return vpc;
    }

    /** The private subnets the functions and the interface endpoints use. */
    public List<ISubnet> subnets() {
        return subnets;
    }

    /** The functions' security group. */
    public ISecurityGroup securityGroup() {
        return securityGroup;
    }

    /** Where the functions run. */
    public FunctionPlacement placement() {
        return new FunctionPlacement(vpc, subnets, securityGroup);
    }

    /** The Elastic IPs of the created NAT gateways, one per zone; empty without NAT or with an imported VPC. */
    public List<CfnEIP> natAddresses() {
        return natAddresses;
    }

    /** The flow log group of a created VPC. */
    public Optional<LogGroup> flowLogs() {
        return flowLogs;
    }
}
