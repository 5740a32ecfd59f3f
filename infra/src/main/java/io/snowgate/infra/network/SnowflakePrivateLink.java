package io.snowgate.infra.network;

import java.util.List;
import java.util.Map;

import io.snowgate.infra.config.PrivateLinkSettings;
import io.snowgate.infra.function.FunctionPlacement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.route53.CnameRecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.PrivateHostedZone;
import software.constructs.Construct;

/**
 * Snowflake over AWS PrivateLink, reachable from private subnets with no internet route:
 * <ul>
 *   <li>an interface endpoint to Snowflake's endpoint service with private DNS off (Snowflake's service has no
 *       private DNS name of its own), admitting 443 and 80 (OCSP) from the functions' security group only;</li>
 *   <li>the private hosted zone {@value PrivateLinkSettings#HOSTED_ZONE_NAME} with CNAMEs for the account, OCSP and
 *       regionless host names pointing at the endpoint's regional DNS name;</li>
 *   <li>in key-pair mode a Secrets Manager interface endpoint with private DNS, so the functions fetch their secret
 *       without NAT (workload identity mode reads no secret, so has none);</li>
 *   <li>with workload identity's JWT method an STS interface endpoint with private DNS, since the functions then get
 *       their token from STS themselves (the default method sends a signed request Snowflake replays, so needs
 *       none);</li>
 *   <li>an S3 gateway endpoint on the subnets' route tables, because the driver downloads large results straight
 *       from Snowflake's S3 stage.</li>
 * </ul>
 * Every endpoint security group admits the functions' group by id, never an address range, and the AWS endpoints'
 * policies admit only this account's principals: nothing in the subnets can use them with another account's
 * credentials (to write a secret or mint a token there). What each function may do, on exactly which secrets, stays
 * with its role; a secret shared from another account still works, since its policy and the role's decide.
 */
public final class SnowflakePrivateLink extends Construct {

    /** The endpoint service's port for the driver's HTTPS connection. */
    public static final int HTTPS = 443;
    /** Snowflake's OCSP cache answers on plain HTTP through the same endpoint. */
    public static final int OCSP = 80;
    /** A re-created endpoint's new DNS name reaches the functions within minutes. */
    public static final Duration RECORD_TTL = Duration.minutes(5);
    static final String PRINCIPAL_ACCOUNT = "aws:PrincipalAccount";

    private final SecurityGroup snowflakeSecurityGroup;
    private final InterfaceVpcEndpoint snowflakeEndpoint;
    private final java.util.Optional<SecurityGroup> secretsManagerSecurityGroup;
    private final java.util.Optional<InterfaceVpcEndpoint> secretsManagerEndpoint;
    private final java.util.Optional<SecurityGroup> stsSecurityGroup;
    private final java.util.Optional<InterfaceVpcEndpoint> stsEndpoint;
    private final GatewayVpcEndpoint s3Endpoint;
    private final IHostedZone hostedZone;
    private final String connectionUrl;

    public SnowflakePrivateLink(Construct scope, String id, SnowflakePrivateLinkProps props) {
        super(scope, id);
        FunctionPlacement clients = props.clients();
        IVpc vpc = clients.vpc();
        ISecurityGroup functions = clients.securityGroup();
        SubnetSelection subnets = SubnetSelection.builder().subnets(clients.subnets()).build();
        PrivateLinkSettings config = props.config();

        this.snowflakeSecurityGroup = endpointSecurityGroup("SnowflakeEndpointSecurityGroup",
                "Snowflake PrivateLink endpoint: HTTPS and OCSP from the Snowgate functions only", vpc);
        this.snowflakeEndpoint = InterfaceVpcEndpoint.Builder.create(this, "SnowflakeEndpoint")
                .vpc(vpc)
                .service(new InterfaceVpcEndpointService(config.endpointServiceName(), HTTPS))
                .privateDnsEnabled(false)
                .open(false)
                .securityGroups(List.of(snowflakeSecurityGroup))
                .subnets(subnets)
                .build();
        functions.getConnections().allowTo(snowflakeSecurityGroup, Port.tcp(HTTPS),
                "HTTPS to Snowflake over PrivateLink");
        functions.getConnections().allowTo(snowflakeSecurityGroup, Port.tcp(OCSP),
                "OCSP to Snowflake over PrivateLink");

        if (props.secretsManager()) {
            SecurityGroup group = endpointSecurityGroup("SecretsManagerEndpointSecurityGroup",
                    "Secrets Manager endpoint: HTTPS from the Snowgate functions only", vpc);
            this.secretsManagerSecurityGroup = java.util.Optional.of(group);
            InterfaceVpcEndpoint endpoint = awsEndpoint("SecretsManagerEndpoint",
                    InterfaceVpcEndpointAwsService.SECRETS_MANAGER, group, vpc, subnets);
            endpoint.addToPolicy(thisAccountsPrincipals("secretsmanager:*"));
            this.secretsManagerEndpoint = java.util.Optional.of(endpoint);
            functions.getConnections().allowTo(group, Port.tcp(HTTPS), "HTTPS to Secrets Manager through its endpoint");
        } else {
            this.secretsManagerSecurityGroup = java.util.Optional.empty();
            this.secretsManagerEndpoint = java.util.Optional.empty();
        }
        if (props.sts()) {
            SecurityGroup group = endpointSecurityGroup("StsEndpointSecurityGroup",
                    "STS endpoint: HTTPS from the Snowgate functions only (GetWebIdentityToken)", vpc);
            this.stsSecurityGroup = java.util.Optional.of(group);
            InterfaceVpcEndpoint endpoint = awsEndpoint("StsEndpoint", InterfaceVpcEndpointAwsService.STS, group, vpc,
                    subnets);
            endpoint.addToPolicy(thisAccountsPrincipals("sts:*"));
            this.stsEndpoint = java.util.Optional.of(endpoint);
            functions.getConnections().allowTo(group, Port.tcp(HTTPS), "HTTPS to STS through its endpoint");
        } else {
            this.stsSecurityGroup = java.util.Optional.empty();
            this.stsEndpoint = java.util.Optional.empty();
        }

        this.s3Endpoint = GatewayVpcEndpoint.Builder.create(this, "S3Endpoint")
                .vpc(vpc)
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(subnets))
                .build();
        if (props.s3PrefixListId().isPresent()) {
            functions.addEgressRule(Peer.prefixList(props.s3PrefixListId().get()), Port.tcp(HTTPS),
                    "HTTPS to S3 (large query results) through the gateway endpoint");
        } else {
            // A gateway endpoint is a route to S3's prefix list, whose id CloudFormation cannot look up offline;
            // the route tables keep this to S3 unless the VPC itself routes elsewhere (s3PrefixListId narrows it).
            functions.addEgressRule(Peer.anyIpv4(), Port.tcp(HTTPS),
                    "HTTPS to S3 (large query results) through the gateway endpoint route");
        }

        this.hostedZone = props.existingHostedZoneId()
                .map(zoneId -> HostedZone.fromHostedZoneAttributes(this, "HostedZone", HostedZoneAttributes.builder()
                        .hostedZoneId(zoneId)
                        .zoneName(PrivateLinkSettings.HOSTED_ZONE_NAME)
                        .build()))
                .orElseGet(() -> PrivateHostedZone.Builder.create(this, "HostedZone")
                        .zoneName(PrivateLinkSettings.HOSTED_ZONE_NAME)
                        .comment("Snowflake PrivateLink host names for the Snowgate functions")
                        .vpc(vpc)
                        .build());
        // DnsEntries are "hostedZoneId:dnsName", the regional name first.
        String endpointDnsName =
                Fn.select(1, Fn.split(":", Fn.select(0, snowflakeEndpoint.getVpcEndpointDnsEntries())));
        record("AccountRecord", config.accountHost(), endpointDnsName);
        record("OcspRecord", config.ocspHost(), endpointDnsName);
        config.regionlessAccountHost().ifPresent(host -> record("RegionlessAccountRecord", host, endpointDnsName));
        config.regionlessOcspHost().ifPresent(host -> record("RegionlessOcspRecord", host, endpointDnsName));
        this.connectionUrl = config.connectionUrl();
    }

    /** An interface endpoint to an AWS service with private DNS, so its regional name resolves to it in the VPC. */
    private InterfaceVpcEndpoint awsEndpoint(String id, InterfaceVpcEndpointAwsService service, SecurityGroup group,
                                             IVpc vpc, SubnetSelection subnets) {
        return InterfaceVpcEndpoint.Builder.create(this, id)
                .vpc(vpc)
                .service(service)
                .privateDnsEnabled(true)
                .open(false)
                .securityGroups(List.of(group))
                .subnets(subnets)
                .build();
    }

    /**
     * The endpoint policy: the service's {@code actions} for principals of this account only. Adding it replaces the
     * default policy, full access for anyone, as AWS's data perimeter examples do with aws:PrincipalAccount ("Control
     * access to VPC endpoints using endpoint policies", AWS PrivateLink guide).
     */
    private PolicyStatement thisAccountsPrincipals(String actions) {
        return PolicyStatement.Builder.create()
                .sid("ThisAccountsPrincipalsOnly")
                .effect(Effect.ALLOW)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of(actions))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of(PRINCIPAL_ACCOUNT, Stack.of(this).getAccount())))
                .build();
    }

    private SecurityGroup endpointSecurityGroup(String id, String description, IVpc vpc) {
        // An interface endpoint only answers; it never opens connections.
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false)
                .build();
    }

    private void record(String id, String host, String target) {
        CnameRecord.Builder.create(this, id)
                .zone(hostedZone)
                .recordName(host + ".")
                .domainName(target)
                .ttl(RECORD_TTL)
                .build();
    }

    /** The endpoint to Snowflake's endpoint service. */
    public InterfaceVpcEndpoint snowflakeEndpoint() {
        return snowflakeEndpoint;
    }

    /** The Snowflake endpoint's security group. */
    public SecurityGroup snowflakeSecurityGroup() {
        return snowflakeSecurityGroup;
    }

    /** The Secrets Manager endpoint (key-pair mode). */
    public InterfaceVpcEndpoint secretsManagerEndpoint() {
        return secretsManagerEndpoint.orElseThrow(() -> new IllegalStateException("no Secrets Manager endpoint:"
                + " workload identity mode reads no secret"));
    }

    /** The Secrets Manager endpoint's security group (key-pair mode). */
    public SecurityGroup secretsManagerSecurityGroup() {
        return secretsManagerSecurityGroup.orElseThrow(() -> new IllegalStateException("no Secrets Manager endpoint:"
                + " workload identity mode reads no secret"));
    }

    /** Whether there is a Secrets Manager endpoint (key-pair mode). */
    public boolean hasSecretsManagerEndpoint() {
        return secretsManagerEndpoint.isPresent();
    }

    /** The STS endpoint, with workload identity's JWT method. */
    public java.util.Optional<InterfaceVpcEndpoint> stsEndpoint() {
        return stsEndpoint;
    }

    /** The STS endpoint's security group, with workload identity's JWT method. */
    public java.util.Optional<SecurityGroup> stsSecurityGroup() {
        return stsSecurityGroup;
    }

    /** The S3 gateway endpoint. */
    public GatewayVpcEndpoint s3Endpoint() {
        return s3Endpoint;
    }

    /** The private hosted zone, created or imported. */
    public IHostedZone hostedZone() {
        return hostedZone;
    }

    /** What the functions connect to: {@code https://} and the PrivateLink account host. */
    public String connectionUrl() {
        return connectionUrl;
    }
}
