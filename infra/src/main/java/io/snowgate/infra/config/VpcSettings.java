package io.snowgate.infra.config;

import java.util.List;
import java.util.Objects;

/**
 * An existing VPC the functions run in, given by ids so synthesis needs no lookup (and no AWS credentials). One private
 * subnet per availability zone, in the same order as the zones and route tables.
 *
 * @param vpcId                      {@code vpc-...}
 * @param privateSubnetIds           the subnets the functions and interface endpoints are placed in
 * @param privateSubnetRouteTableIds the subnets' route tables (the S3 gateway endpoint adds its route to them)
 * @param availabilityZones          the subnets' zones
 */
public record VpcSettings(String vpcId, List<String> privateSubnetIds, List<String> privateSubnetRouteTableIds,
                          List<String> availabilityZones) {

    public VpcSettings {
        Objects.requireNonNull(vpcId, "vpcId");
        privateSubnetIds = List.copyOf(privateSubnetIds);
        privateSubnetRouteTableIds = List.copyOf(privateSubnetRouteTableIds);
        availabilityZones = List.copyOf(availabilityZones);
    }
}
