package io.snowgate.infra.config;

/** The KMS key that encrypts the secrets. */
public sealed interface KeySource {

    /** Secrets Manager's AWS managed key ({@code aws/secretsmanager}): no key policy or IAM statement to manage. */
    record AwsManaged() implements KeySource {
    }

    /** The stack creates a customer managed key with yearly rotation, retained with the secrets. */
    record Create() implements KeySource {
    }

    /** An existing customer managed key, by ARN; it must encrypt the imported secrets. */
    record Import(String arn) implements KeySource {
    }
}
