package io.snowgate.infra.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything an operator chooses for a deployment, read from CDK context by {@link ContextSettings}. Tests build it
 * directly (see {@link #defaults()}).
 *
 * @param stackName           the CloudFormation stack name
 * @param account             the target account, or empty for an environment-agnostic template
 * @param region              the target region, or empty for an environment-agnostic template
 * @param secret              the connection secret
 * @param passphraseSecret    a separate secret holding the private key's passphrase, if any
 * @param key                 the KMS key that encrypts the secrets
 * @param memorySizeMb        memory of each function
 * @param timeoutSeconds      the scheduled function's timeout (queries must finish within it)
 * @param logRetention        retention of every log group
 * @param reservedConcurrency reserved concurrency of each function, empty for none
 * @param secretTtlSeconds    how long a function keeps a fetched secret in memory
 * @param alarmTopicArn       an existing SNS topic for the alarms, or empty to create one
 * @param catalogFile         the query catalog the schedules and routes come from
 * @param api                 the HTTP API settings
 * @param network             VPC, PrivateLink and egress ({@link NetworkSettings#none()}: no VPC)
 * @param rotation            who rotates the key pair
 * @param workloadIdentity    workload identity mode's settings; when present the functions sign in with their roles
 *                            and the secret, passphrase secret, key and rotation settings are not used
 * @param startup             how the functions start: SnapStart on the managed runtime, or the on-demand package's
 *                            custom runtime with its AOT cache
 */
public record InfraSettings(
        String stackName,
        Optional<String> account,
        Optional<String> region,
        SecretOrigin secret,
        Optional<SecretOrigin> passphraseSecret,
        KeySource key,
        int memorySizeMb,
        int timeoutSeconds,
        RetentionDays logRetention,
        OptionalInt reservedConcurrency,
        int secretTtlSeconds,
        Optional<String> alarmTopicArn,
        Path catalogFile,
        ApiSettings api,
        NetworkSettings network,
        RotationMode rotation,
        Optional<WorkloadIdentitySettings> workloadIdentity,
        FunctionStartup startup) {

    public static final String DEFAULT_STACK_NAME = "Snowgate";
    public static final String DEFAULT_SECRET_NAME = defaultSecretName(DEFAULT_STACK_NAME);
    public static final String DEFAULT_PASSPHRASE_SECRET_NAME = defaultPassphraseSecretName(DEFAULT_STACK_NAME);
    public static final int DEFAULT_MEMORY_MB = io.snowgate.contract.FunctionSizing.DEFAULT_MEMORY_MB;
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    public static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;
    // A burst of API calls must not open more Snowflake sessions than the warehouse is sized for.
    public static final int DEFAULT_RESERVED_CONCURRENCY = 5;
    public static final int DEFAULT_SECRET_TTL_SECONDS = 300;
    public static final Path DEFAULT_CATALOG = Path.of("queries", "catalog.yaml");
    public static final ApiSettings DEFAULT_API = new ApiSettings(true, 10, 20, 29);
    public static final RotationMode DEFAULT_ROTATION = new RotationMode.None();
    public static final int DEFAULT_ROTATION_DAYS = 30;

    /** Key-pair settings (no workload identity). */
    public InfraSettings(String stackName, Optional<String> account, Optional<String> region, SecretOrigin secret,
                         Optional<SecretOrigin> passphraseSecret, KeySource key, int memorySizeMb, int timeoutSeconds,
                         RetentionDays logRetention, OptionalInt reservedConcurrency, int secretTtlSeconds,
                         Optional<String> alarmTopicArn, Path catalogFile, ApiSettings api, NetworkSettings network,
                         RotationMode rotation) {
        this(stackName, account, region, secret, passphraseSecret, key, memorySizeMb, timeoutSeconds, logRetention,
                reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api, network, rotation,
                Optional.empty(), FunctionStartup.SNAPSTART);
    }

    /** Settings without a VPC, with {@code rotation}. */
    public InfraSettings(String stackName, Optional<String> account, Optional<String> region, SecretOrigin secret,
                         Optional<SecretOrigin> passphraseSecret, KeySource key, int memorySizeMb, int timeoutSeconds,
                         RetentionDays logRetention, OptionalInt reservedConcurrency, int secretTtlSeconds,
                         Optional<String> alarmTopicArn, Path catalogFile, ApiSettings api, RotationMode rotation) {
        this(stackName, account, region, secret, passphraseSecret, key, memorySizeMb, timeoutSeconds, logRetention,
                reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api, NetworkSettings.none(),
                rotation, Optional.empty(), FunctionStartup.SNAPSTART);
    }

    /** Settings in a VPC, with the default rotation. */
    public InfraSettings(String stackName, Optional<String> account, Optional<String> region, SecretOrigin secret,
                         Optional<SecretOrigin> passphraseSecret, KeySource key, int memorySizeMb, int timeoutSeconds,
                         RetentionDays logRetention, OptionalInt reservedConcurrency, int secretTtlSeconds,
                         Optional<String> alarmTopicArn, Path catalogFile, ApiSettings api, NetworkSettings network) {
        this(stackName, account, region, secret, passphraseSecret, key, memorySizeMb, timeoutSeconds, logRetention,
                reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api, network, DEFAULT_ROTATION,
                Optional.empty(), FunctionStartup.SNAPSTART);
    }

    /** These settings with {@code rotation} instead. */
    public InfraSettings withRotation(RotationMode rotation) {
        return new InfraSettings(stackName, account, region, secret, passphraseSecret, key, memorySizeMb,
                timeoutSeconds, logRetention, reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api,
                network, rotation, workloadIdentity, startup);
    }

    /** These settings with {@code network} instead. */
    public InfraSettings withNetwork(NetworkSettings network) {
        return new InfraSettings(stackName, account, region, secret, passphraseSecret, key, memorySizeMb,
                timeoutSeconds, logRetention, reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api,
                network, rotation, workloadIdentity, startup);
    }

    /** These settings in workload identity mode: the functions sign in with their roles, no secret is made. */
    public InfraSettings withWorkloadIdentity(WorkloadIdentitySettings settings) {
        return new InfraSettings(stackName, account, region, secret, passphraseSecret, key, memorySizeMb,
                timeoutSeconds, logRetention, reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api,
                network, rotation, Optional.of(settings), startup);
    }

    /** These settings with the functions started as {@code startup} says. */
    public InfraSettings withStartup(FunctionStartup startup) {
        return new InfraSettings(stackName, account, region, secret, passphraseSecret, key, memorySizeMb,
                timeoutSeconds, logRetention, reservedConcurrency, secretTtlSeconds, alarmTopicArn, catalogFile, api,
                network, rotation, workloadIdentity, startup);
    }

    /**
     * The secret a stack creates when none is named: one per stack ({@code snowgate/snowflake} for the default
     * {@code Snowgate}), because created secrets are retained and a second stack in the account and region, like
     * {@code SnowgateDev} beside {@code Snowgate}, could not create a secret of the same name.
     */
    public static String defaultSecretName(String stackName) {
        return stackName.toLowerCase(java.util.Locale.ROOT) + "/snowflake";
    }

    /** The passphrase secret a stack creates when none is named; see {@link #defaultSecretName}. */
    public static String defaultPassphraseSecretName(String stackName) {
        return stackName.toLowerCase(java.util.Locale.ROOT) + "/snowflake-passphrase";
    }

    /** The settings an empty context gives: create the secret, AWS managed key, API on, environment-agnostic. */
    public static InfraSettings defaults() {
        return new InfraSettings(DEFAULT_STACK_NAME, Optional.empty(), Optional.empty(),
                new SecretOrigin.Create(DEFAULT_SECRET_NAME), Optional.empty(), new KeySource.AwsManaged(),
                DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, DEFAULT_LOG_RETENTION,
                OptionalInt.of(DEFAULT_RESERVED_CONCURRENCY), DEFAULT_SECRET_TTL_SECONDS, Optional.empty(),
                DEFAULT_CATALOG, DEFAULT_API, DEFAULT_ROTATION);
    }
}
