package io.snowgate.lambda.secret;

import io.snowgate.lambda.invocation.Deadline;

/** Where secret strings come from: AWS Secrets Manager in production and against the local stand-in. */
public interface SecretSource {

    /**
     * The current ({@code AWSCURRENT}) string value of a secret.
     *
     * @throws SecretUnavailableException when it cannot be read before the deadline; the message names the secret
     *                                    id and the service's error code, never the value
     */
    String fetch(String secretId, Deadline deadline);

    /**
     * Builds whatever calling the service needs (a client, its configuration) without calling it, and runs the
     * client's request path {@code rounds} times where it can without the network, for the JIT: SnapStart priming.
     * Nothing by default.
     */
    default void prime(int rounds) {
    }
}
