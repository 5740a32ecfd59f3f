package io.snowgate.infra;

import java.util.function.Supplier;

/**
 * Every shape of deployment the infra tests synthesize, each built by the test class that asserts its details and
 * synthesized at most once per test run (jsii and synthesis take seconds). {@link CdkNagTest} and
 * {@link FunctionContractTest} check every one of them.
 */
enum Deployment {
    /** Everything created: secrets, customer managed key, schedules, the HTTP API. */
    CREATED(SnowgateStackTest::build),
    /** As {@link #CREATED}, the functions started from the on-demand package (custom runtime, AOT cache). */
    AOT_CACHE(SnowgateStackTest::buildAotCache),
    /** Existing secret, passphrase secret, key and topic; API off. */
    IMPORTED_RESOURCES(ImportedResourcesStackTest::build),
    /** PrivateLink and NAT in an existing VPC given by ids. */
    IMPORTED_VPC(ImportedVpcStackTest::build),
    /** Fixed egress addresses through a NAT gateway in a created VPC. */
    NAT_EGRESS(NatEgressStackTest::build),
    /** PrivateLink in a created VPC, with the rotation function. */
    PRIVATE_LINK(PrivateLinkStackTest::build),
    /** The rotation function with an admin secret and revoke-previous. */
    ROTATION_FUNCTION(KeyRotationStackTest::buildFunction),
    /** No rotation. */
    ROTATION_NONE(KeyRotationStackTest::buildNone),
    /** Secrets Manager's managed rotation of an imported secret. */
    ROTATION_MANAGED(KeyRotationStackTest::buildManaged),
    /** Keyless: the functions' roles sign in (workload identity, signed request), no VPC, no secret. */
    WORKLOAD_IDENTITY(WorkloadIdentityStackTest::build),
    /** Keyless over PrivateLink, with the JWT method: an STS endpoint, no Secrets Manager one. */
    WORKLOAD_IDENTITY_PRIVATE_LINK(WorkloadIdentityStackTest::buildPrivateLink),
    /** Keyless behind a NAT gateway. */
    WORKLOAD_IDENTITY_NAT(WorkloadIdentityStackTest::buildNat);

    private final Supplier<Synthesized> build;
    private Synthesized synthesized;

    Deployment(Supplier<Synthesized> build) {
        this.build = build;
    }

    /** The synthesized app (with cdk-nag applied), built on first use. */
    synchronized Synthesized synthesized() {
        if (synthesized == null) {
            synthesized = build.get();
        }
        return synthesized;
    }
}
