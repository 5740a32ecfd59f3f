package io.snowgate.infra.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the functions run on the network. With neither {@code privateLink} nor {@link Egress#NAT} they run outside
 * any VPC (Lambda's own internet access); otherwise in the private subnets of {@code vpc}, or of a VPC the stack
 * creates when {@code vpc} is absent.
 *
 * @param vpc                     an existing VPC, or empty to create one when a mode needs it
 * @param privateLink             the Snowflake PrivateLink configuration, or empty
 * @param privateLinkHostedZoneId an existing {@value PrivateLinkSettings#HOSTED_ZONE_NAME} zone already associated
 *                                with the VPC, or empty to create one
 * @param s3PrefixListId          the region's S3 managed prefix list ({@code pl-...}): narrows the functions' HTTPS
 *                                egress to S3 in PrivateLink mode; empty allows HTTPS anywhere the routes lead
 * @param egress                  whether the functions reach the internet through NAT gateways
 */
public record NetworkSettings(Optional<VpcSettings> vpc, Optional<PrivateLinkSettings> privateLink,
                              Optional<String> privateLinkHostedZoneId, Optional<String> s3PrefixListId,
                              Egress egress) {

    public NetworkSettings {
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(privateLink, "privateLink");
        Objects.requireNonNull(privateLinkHostedZoneId, "privateLinkHostedZoneId");
        Objects.requireNonNull(s3PrefixListId, "s3PrefixListId");
        Objects.requireNonNull(egress, "egress");
    }

    /** No VPC: the default. */
    public static NetworkSettings none() {
        return new NetworkSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Egress.NONE);
    }

    /** True when the functions run in a VPC. */
    public boolean inVpc() {
        return privateLink.isPresent() || egress == Egress.NAT;
    }
}
