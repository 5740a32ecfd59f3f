package io.snowgate.infra.network;

import java.util.Objects;
import java.util.Optional;

import io.snowgate.infra.config.PrivateLinkSettings;
import io.snowgate.infra.function.FunctionPlacement;

/**
 * Snowflake over AWS PrivateLink for functions placed in a VPC.
 *
 * @param clients              the functions' VPC, subnets and security group: the endpoints go in these subnets and
 *                             admit only this group
 * @param config               from {@code SYSTEM$GET_PRIVATELINK_CONFIG()}
 * @param existingHostedZoneId an existing {@value PrivateLinkSettings#HOSTED_ZONE_NAME} private zone, already
 *                             associated with the VPC; empty to create one
 * @param s3PrefixListId       the region's S3 prefix list, to narrow the clients' HTTPS egress to S3; empty for HTTPS
 *                             to any address (the subnets' routes still decide what is reachable)
 * @param secretsManager       whether the functions read a secret (key-pair mode), so need a Secrets Manager endpoint
 * @param sts                  whether the functions call STS themselves (workload identity's JWT method), so need an
 *                             STS endpoint
 */
public record SnowflakePrivateLinkProps(FunctionPlacement clients, PrivateLinkSettings config,
                                        Optional<String> existingHostedZoneId, Optional<String> s3PrefixListId,
                                        boolean secretsManager, boolean sts) {

    public SnowflakePrivateLinkProps {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(existingHostedZoneId, "existingHostedZoneId");
        Objects.requireNonNull(s3PrefixListId, "s3PrefixListId");
    }

    /** Key-pair mode: a Secrets Manager endpoint, no STS endpoint. */
    public SnowflakePrivateLinkProps(FunctionPlacement clients, PrivateLinkSettings config,
                                     Optional<String> existingHostedZoneId, Optional<String> s3PrefixListId) {
        this(clients, config, existingHostedZoneId, s3PrefixListId, true, false);
    }
}
