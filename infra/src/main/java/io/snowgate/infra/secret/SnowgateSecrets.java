package io.snowgate.infra.secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.infra.config.KeySource;
import io.snowgate.infra.config.SecretOrigin;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The connection secret, the optional passphrase secret and the optional customer managed key, created or imported.
 * Created secrets hold the recipe's JSON structure with placeholder values only and are retained when the stack is
 * deleted; the operator puts the real key in afterwards. {@link #readStatements()} is the exact access a function
 * needs, nothing more.
 */
public final class SnowgateSecrets extends Construct {

    /** The connection secret's fields (the Glue recipe's names, which the function reads). */
    public static final List<String> CONNECTION_FIELDS =
            List.of("account", "user", "private_key", "warehouse", "database", "schema", "role");
    /** The passphrase secret's field. */
    public static final List<String> PASSPHRASE_FIELDS = List.of("private_key_passphrase");

    private static final String VIA_SERVICE = "kms:ViaService";
    private static final String SECRET_ARN_CONTEXT = "kms:EncryptionContext:SecretARN";

    /**
     * One secret as a function sees it.
     *
     * @param secret     the secret
     * @param id         what the function passes to GetSecretValue (ARN, or the name for a secret imported by name)
     * @param partialArn true when only the name is known (imported by name), so the ARN lacks the random suffix
     */
    public record SecretRef(ISecret secret, String id, boolean partialArn) {

        /**
         * The ARN for IAM: exact, or with Secrets Manager's six-character suffix matched by {@code ??????} when only
         * the name is known (the ARN without the suffix matches nothing).
         */
        public String policyArn() {
            return partialArn ? secret.getSecretArn() + "-??????" : secret.getSecretArn();
        }
    }

    private final SecretRef connection;
    private final Optional<SecretRef> passphrase;
    private final Optional<IKey> key;

    /**
     * @param connection the connection secret's source
     * @param passphrase the passphrase secret's source, if the key has one kept apart
     * @param keySource  the key that encrypts the secrets
     */
    public SnowgateSecrets(Construct scope, String id, SecretOrigin connection, Optional<SecretOrigin> passphrase,
                           KeySource keySource) {
        super(scope, id);
        this.key = switch (keySource) {
            case KeySource.AwsManaged ignored -> Optional.empty();
            case KeySource.Create ignored -> Optional.of(Key.Builder.create(this, "Key")
                    .description("Encrypts the Snowgate Snowflake connection secrets")
                    .enableKeyRotation(true)
                    // The secrets are retained, so the key that decrypts them must outlive the stack too.
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build());
            case KeySource.Import imported -> Optional.of(Key.fromKeyArn(this, "ImportedKey", imported.arn()));
        };
        this.connection = secret("Connection", connection, CONNECTION_FIELDS,
                "Snowgate Snowflake connection: account, user, private key (PKCS#8 PEM) and session defaults");
        this.passphrase = passphrase.map(source -> secret("Passphrase", source, PASSPHRASE_FIELDS,
                "Snowgate Snowflake private key passphrase"));
    }

    private SecretRef secret(String id, SecretOrigin source, List<String> fields, String description) {
        return switch (source) {
            case SecretOrigin.Create create -> {
                Map<String, SecretValue> placeholders = new LinkedHashMap<>();
                fields.forEach(field -> placeholders.put(field, SecretValue.unsafePlainText(SecretLayout.PLACEHOLDER)));
                Secret secret = Secret.Builder.create(this, id)
                        .secretName(create.secretName())
                        .description(description + " (placeholders until the operator puts the real values)")
                        // Placeholders, not key material: see the README for putting the real key in.
                        .secretObjectValue(placeholders)
                        .encryptionKey(key.orElse(null))
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
                if (fields == PASSPHRASE_FIELDS) {
                    NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-SMG4")
                            .reason("The passphrase secret has no schedule of its own: it only unlocks the key, "
                                    + "and two secrets cannot change atomically, so it changes with the key it "
                                    + "unlocks (with rotation=function the rotation function encrypts each new key "
                                    + "with it; otherwise snowgate secret put --passphrase-secret-id writes both "
                                    + "safely). The connection secret holding the key is what rotates.")
                            .build()));
                }
                yield new SecretRef(secret, secret.getSecretArn(), false);
            }
            case SecretOrigin.ImportByArn imported -> new SecretRef(
                    Secret.fromSecretCompleteArn(this, id, imported.arn()), imported.arn(), false);
            case SecretOrigin.ImportByName imported -> new SecretRef(
                    Secret.fromSecretNameV2(this, id, imported.secretName()), imported.secretName(), true);
        };
    }

    /** The connection secret. */
    public SecretRef connection() {
        return connection;
    }

    /** The passphrase secret, if configured. */
    public Optional<SecretRef> passphrase() {
        return passphrase;
    }

    /** The customer managed key, if configured. */
    public Optional<IKey> key() {
        return key;
    }

    /**
     * The statements a function needs to read the secrets: GetSecretValue on exactly these secrets and, with a
     * customer managed key, kms:Decrypt on that key only when Secrets Manager in this region asks on behalf of one of
     * these secrets.
     */
    public List<PolicyStatement> readStatements() {
        List<SecretRef> refs = new ArrayList<>();
        refs.add(connection);
        passphrase.ifPresent(refs::add);
        List<String> arns = refs.stream().map(SecretRef::policyArn).toList();

        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("ReadSnowflakeSecrets")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(arns)
                .build());
        key.ifPresent(k -> statements.add(useKeyThroughSecretsManager("DecryptSnowflakeSecretsThroughSecretsManager",
                "kms:Decrypt", arns, refs.stream().anyMatch(SecretRef::partialArn))));
        return List.copyOf(statements);
    }

    /**
     * {@code action} on the customer managed key, only when Secrets Manager in this region calls it on behalf of one
     * of the secrets {@code policyArns} name.
     *
     * @param anyByName whether one of them is a secret imported by name, whose policy ARN ends in {@code -??????}:
     *                  only StringLike matches the real ARN then
     * @throws java.util.NoSuchElementException without a customer managed key
     */
    public PolicyStatement useKeyThroughSecretsManager(String sid, String action, List<String> policyArns,
            boolean anyByName) {
        // The service's endpoint name in this partition: amazonaws.com, or amazonaws.com.cn in China (kms:ViaService
        // takes the endpoint, "AWS KMS condition keys", kms:ViaService).
        Stack stack = Stack.of(this);
        String secretsManagerHere = "secretsmanager." + stack.getRegion() + "." + stack.getUrlSuffix();
        Map<String, Object> conditions = anyByName
                ? Map.of("StringEquals", Map.of(VIA_SERVICE, secretsManagerHere),
                        "StringLike", Map.of(SECRET_ARN_CONTEXT, policyArns))
                : Map.of("StringEquals", Map.of(VIA_SERVICE, secretsManagerHere, SECRET_ARN_CONTEXT, policyArns));
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(List.of(action))
                .resources(List.of(key.orElseThrow().getKeyArn()))
                .conditions(conditions)
                .build();
    }
}
