package io.snowgate.infra.network;

import java.util.Objects;
import java.util.Optional;

import io.snowgate.infra.config.Egress;
import io.snowgate.infra.config.VpcSettings;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The functions' network.
 *
 * @param vpc              an existing VPC, or empty to create one
 * @param egress           {@link Egress#NAT} for HTTPS and OCSP to anywhere through NAT; {@link Egress#NONE} leaves
 *                         the security group without egress for the endpoints to open
 * @param flowLogRetention retention of a created VPC's flow logs
 */
public record FunctionNetworkProps(Optional<VpcSettings> vpc, Egress egress, RetentionDays flowLogRetention) {

    public FunctionNetworkProps {
        Objects.requireNonNull(vpc, "vpc");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(flowLogRetention, "flowLogRetention");
    }
}
