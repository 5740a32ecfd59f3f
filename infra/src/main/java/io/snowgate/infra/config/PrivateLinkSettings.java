package io.snowgate.infra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stack needs from {@code SYSTEM$GET_PRIVATELINK_CONFIG()}: the endpoint service and the host names that
 * must resolve to the interface endpoint. Host names are lower case and carry no scheme.
 *
 * @param endpointServiceName   {@code privatelink-vpce-id}, e.g. {@code com.amazonaws.vpce.eu-west-1.vpce-svc-...}
 * @param accountHost           {@code privatelink-account-url}: the host the functions connect to
 * @param ocspHost              {@code privatelink-ocsp-url} (or {@code privatelink_ocsp-url}): the driver's OCSP cache
 * @param regionlessAccountHost {@code regionless-privatelink-account-url}, when Snowflake returns one
 * @param regionlessOcspHost    {@code regionless-privatelink-ocsp-url}, when Snowflake returns one
 */
public record PrivateLinkSettings(String endpointServiceName, String accountHost, String ocspHost,
                                  Optional<String> regionlessAccountHost, Optional<String> regionlessOcspHost) {

    /** The private hosted zone every PrivateLink host name lives in. */
    public static final String HOSTED_ZONE_NAME = "privatelink.snowflakecomputing.com";

    public PrivateLinkSettings {
        Objects.requireNonNull(endpointServiceName, "endpointServiceName");
        Objects.requireNonNull(accountHost, "accountHost");
        Objects.requireNonNull(ocspHost, "ocspHost");
        Objects.requireNonNull(regionlessAccountHost, "regionlessAccountHost");
        Objects.requireNonNull(regionlessOcspHost, "regionlessOcspHost");
    }

    /** Every host name that gets a CNAME to the endpoint: account, OCSP, then the regionless ones. */
    public List<String> hostNames() {
        List<String> names = new ArrayList<>(List.of(accountHost, ocspHost));
        regionlessAccountHost.ifPresent(names::add);
        regionlessOcspHost.ifPresent(names::add);
        return List.copyOf(names);
    }

    /** What the functions connect to ({@code SNOWGATE_SNOWFLAKE_URL}). */
    public String connectionUrl() {
        return "https://" + accountHost;
    }
}
