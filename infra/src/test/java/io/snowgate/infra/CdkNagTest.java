package io.snowgate.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** cdk-nag's AWS Solutions pack over every deployment shape: nothing unsuppressed, every suppression justified. */
class CdkNagTest {

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void awsSolutions_hasNoUnsuppressedFinding(Deployment deployment) {
        deployment.synthesized().assertNoUnsuppressedNagFindings();
    }

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void suppressions_areOnSingleResourcesWithReasons_neverStackWide(Deployment deployment) {
        deployment.synthesized().assertSuppressionsArePerResourceWithReasons();
    }
}
