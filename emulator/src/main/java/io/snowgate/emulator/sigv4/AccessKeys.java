package io.snowgate.emulator.sigv4;

import java.util.Optional;

/** Where a stand-in looks up the access key a request names, as an AWS service asks IAM and STS. */
@FunctionalInterface
public interface AccessKeys {

    /** The key {@code accessKeyId} names, if this source issued it. */
    Optional<AccessKey> find(String accessKeyId);
}
