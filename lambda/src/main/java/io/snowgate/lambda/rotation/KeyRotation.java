package io.snowgate.lambda.rotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.rotation.RotationSecrets.Versions;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import io.snowgate.lambda.snowflake.SnowflakeIdentifiers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates a Snowflake key pair through the Secrets Manager rotation protocol, two-slot style, so no reader of the
 * secret ever holds a key Snowflake refuses:
 * <ol>
 *   <li>{@code createSecret}: a new RSA key pair stored as {@code AWSPENDING} in the current version's layout,
 *       encrypted with a fresh random passphrase when the secret holds its passphrase, or with the unchanged
 *       passphrase of the separate passphrase secret (two secrets cannot change atomically).</li>
 *   <li>{@code setSecret}: signed in with the current key (or the admin secret), the new public key goes into the
 *       slot that does not hold the current key. Needs OWNERSHIP of the user or MODIFY PROGRAMMATIC AUTHENTICATION
 *       METHODS on it.</li>
 *   <li>{@code testSecret}: signs in with the pending version and runs {@code SELECT 1} ({@link KeyVerifier}); the
 *       configuration check of a secret that still holds the deployment's placeholders passes untested.</li>
 *   <li>{@code finishSecret}: moves {@code AWSCURRENT} to the new version. The previous key stays in its slot, so
 *       readers with a cached copy keep working, until the next rotation overwrites it; with
 *       {@link RotationSettings#revokePrevious()} its slot is unset at once.</li>
 * </ol>
 * Every step checks the protocol first (rotation enabled, the token a version of the secret, staged
 * {@code AWSPENDING}; already {@code AWSCURRENT} means nothing is left to do), and is idempotent: a retried step
 * finds its work done and returns. One JSON log line per step; never key material or a passphrase.
 */
public final class KeyRotation {

    /** Random bytes in a generated passphrase (base64url, 43 characters). */
    static final int PASSPHRASE_BYTES = 32;

    private final RotationSecrets secrets;
    private final RotationSettings settings;
    private final KeyVerifier verifier;
    private final Clock clock;
    private final JsonLog log;
    private final PrivateKeyReader keyReader = new PrivateKeyReader();
    private final KeyPem pem = new KeyPem();
    private final SecureRandom random = new SecureRandom();

    public KeyRotation(SecretsManagerClient client, RotationSettings settings, Clock clock, JsonLog log) {
        this.secrets = new RotationSecrets(client);
        this.settings = settings;
        this.verifier = new KeyVerifier(clock, log);
        this.clock = clock;
        this.log = log;
    }

    /** The rotation as Lambda runs it: settings from {@code env}, the SDK client from the standard chains. */
    public static KeyRotation fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, System.out);
    }

    /** As {@link #fromEnvironment(Map)}, writing its JSON log lines to {@code logs} (a local run's stderr). */
    public static KeyRotation fromEnvironment(Map<String, String> env, java.io.PrintStream logs) {
        Clock clock = Clock.systemUTC();
        return new KeyRotation(SecretsManagerClients.fromEnvironment(), RotationSettings.fromEnv(env), clock,
                new JsonLog(logs, new ObjectMapper(), clock));
    }

    /**
     * Runs one step.
     *
     * @throws RotationException when the protocol forbids the step or the key cannot be placed
     * @throws io.snowgate.lambda.session.SnowflakeLoginException when Snowflake refuses a login (testSecret: the
     *                                                            pending key does not work)
     * @throws io.snowgate.lambda.secret.SecretUnavailableException when Secrets Manager refuses or cannot be reached
     * @throws io.snowgate.contract.secret.SecretFormatException when a version cannot be parsed or its key decoded
     */
    public void run(RotationRequest request, Deadline deadline) {
        Instant start = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("step", request.step().wireName());
        fields.put("secretId", request.secretId());
        fields.put("clientRequestToken", request.clientRequestToken());
        try {
            fields.putAll(runChecked(request, deadline));
        } catch (RuntimeException e) {
            fields.put("error", e.getClass().getSimpleName());
            fields.put("message", e.getMessage());
            fields.put("durationMs", Duration.between(start, clock.instant()).toMillis());
            log.error("rotation_step_failed", fields);
            throw e;
        }
        fields.put("durationMs", Duration.between(start, clock.instant()).toMillis());
        log.info("rotation_step", fields);
    }

    private Map<String, Object> runChecked(RotationRequest request, Deadline deadline) {
        String arn = request.secretId();
        String token = request.clientRequestToken();
        Versions versions = secrets.describe(arn);
        if (!versions.rotationEnabled()) {
            throw new RotationException("secret " + arn, "does not have rotation enabled");
        }
        List<String> stages = versions.stages(token).orElseThrow(() -> new RotationException(
                "ClientRequestToken " + token, "is not a version of secret " + arn));
        if (stages.contains(RotationSecrets.AWSCURRENT)) {
            // A finish retried after AWSCURRENT moved but before the previous key was revoked must still revoke it.
            if (request.step() == RotationStep.FINISH_SECRET && settings.revokePrevious()) {
                return finishRevoke(arn, versions, deadline);
            }
            return Map.of("outcome", "already current");
        }
        if (!stages.contains(RotationSecrets.AWSPENDING)) {
            throw new RotationException("ClientRequestToken " + token, "is not staged AWSPENDING for secret " + arn);
        }
        try {
            return switch (request.step()) {
                case CREATE_SECRET -> createSecret(arn, token, deadline);
                case SET_SECRET -> setSecret(arn, token, deadline);
                case TEST_SECRET -> testSecret(arn, token, deadline);
                case FINISH_SECRET -> finishSecret(arn, token, versions, deadline);
            };
        } catch (SQLException e) {
            throw refused(arn, request.step(), e);
        }
    }

    /**
     * A step's statement Snowflake refused, by its code and SQL state (its message may quote the statement) and, for a
     * key statement, which one.
     */
    private static RotationException refused(String arn, RotationStep step, SQLException e) {
        String statement = e instanceof UserKeyCommands.StatementRefusedException key ? key.statement() + "; " : "";
        return new RotationException("secret " + arn, "rotation step " + step.wireName() + ": Snowflake refused a"
                + " statement (" + statement + "code " + e.getErrorCode() + ", SQL state " + e.getSQLState() + ")", e);
    }

    private Map<String, Object> createSecret(String arn, String token, Deadline deadline) {
        String current = secrets.current(arn, deadline);
        Optional<String> existing = secrets.version(arn, token, deadline);
        if (existing.isPresent()) {
            return Map.of("outcome", "pending version exists", "fingerprint", keyOf(arn, existing.get(), deadline)
                    .fingerprint());
        }
        SnowflakeSecret parsed = parse(arn, current, deadline);
        RsaKeyPair currentKey = decode(parsed);
        Passphrase encryptWith;
        Optional<String> newPassphrase = Optional.empty();
        if (settings.passphraseSecretId().isPresent()) {
            encryptWith = parsed.credentials().passphrase();
        } else if (parsed.credentials().passphrase().isPresent()) {
            String fresh = randomPassphrase();
            encryptWith = Passphrase.of(fresh);
            newPassphrase = Optional.of(fresh);
        } else {
            encryptWith = Passphrase.none();
        }
        RsaKeyPair next = RsaKeyGenerator.generate(Math.max(PrivateKeyReader.MIN_RSA_BITS, currentKey.bits()));
        String pending = SnowflakeSecrets.withNewKey(arn, current, pem.privateKeyPkcs8(next, encryptWith),
                pem.publicKey(next.publicKey()), newPassphrase);
        secrets.putPending(arn, token, pending);
        return Map.of("outcome", "created", "fingerprint", next.fingerprint(), "bits", next.bits());
    }

    private Map<String, Object> setSecret(String arn, String token, Deadline deadline) throws SQLException {
        SnowflakeSecret pending = parse(arn, pendingValue(arn, token, deadline), deadline);
        RsaKeyPair pendingKey = decode(pending);
        String currentFingerprint = keyOf(arn, secrets.current(arn, deadline), deadline).fingerprint();
        return SecretSession.run(keyChanger(arn), clock, log, deadline, (connection, resolved, fingerprint) -> {
            String user = pending.user();
            KeyOwner owner = keyOwner(connection, arn, user, deadline);
            String userIdentifier = owner.identifier();
            UserKeys keys = owner.keys();
            Optional<KeySlot> already = keys.slotOf(pendingKey.fingerprint());
            if (already.isPresent()) {
                return Map.of("outcome", "already set", "slot", already.get().property(),
                        "fingerprint", pendingKey.fingerprint());
            }
            KeySlot currentSlot = keys.slotOf(currentFingerprint).orElseThrow(() -> new RotationException(
                    "user " + user, "holds the current key " + currentFingerprint + " in neither RSA_PUBLIC_KEY nor"
                            + " RSA_PUBLIC_KEY_2; run snowgate verify before rotating"));
            KeySlot free = currentSlot.other();
            try {
                UserKeyCommands.set(connection, userIdentifier, free, KeyPem.publicKeyBody(pendingKey.publicKey()));
            } catch (SQLException e) {
                if (!SnowflakeErrors.notAllowed(e.getErrorCode())) {
                    throw e;
                }
                throw new RotationException("user " + user, "cannot have its keys set by the signed-in role"
                        + " (Snowflake code " + e.getErrorCode() + "): grant that role OWNERSHIP of the user or"
                        + " MODIFY PROGRAMMATIC AUTHENTICATION METHODS on it, or set "
                        + FunctionEnvironment.ROTATION_ADMIN_SECRET_ID + " to the secret of a user who has it", e);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("outcome", "set");
            result.put("slot", free.property());
            result.put("fingerprint", pendingKey.fingerprint());
            result.put("replacedFingerprint", keys.fingerprint(free).orElse(null));
            result.put("signedInWith", settings.adminSecretId().isPresent() ? "admin secret" : "current key");
            return result;
        });
    }

    private Map<String, Object> testSecret(String arn, String token, Deadline deadline) throws SQLException {
        String pending = pendingValue(arn, token, deadline);
        if (SecretLayout.read(arn, pending).holdsPlaceholder(SecretField.PRIVATE_KEY)
                && pending.equals(secrets.current(arn, deadline))) {
            // RotateSecret with RotateImmediately=false, as the stack creates the schedule, checks the configuration
            // by running testSecret alone on a copy of the current value (API_RotateSecret). At the first deploy that
            // is the created secret's placeholders: there is no key to sign in with yet, and failing would raise the
            // rotation alarm for a secret nobody has filled in. A rotation proper never gets here: createSecret
            // refuses the placeholder.
            return Map.of("outcome", "not tested: the secret still holds the deployment's placeholders");
        }
        // The pending version as read above; any other secret (a separate passphrase) as current.
        SecretSource pendingVersion = (id, until) -> id.equals(arn) ? pending : secrets.reader().fetch(id, until);
        KeyCheck check = verifier.verify(pendingVersion, arn, settings.passphraseSecretId(), settings.snowflakeUrl(),
                deadline);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("outcome", "tested");
        result.put("fingerprint", check.fingerprint());
        result.put("slot", check.slot().map(KeySlot::property).orElse(null));
        return result;
    }

    private Map<String, Object> finishSecret(String arn, String token, Versions versions, Deadline deadline)
            throws SQLException {
        String previous = versions.current().orElseThrow(() -> new RotationException("secret " + arn,
                "has no AWSCURRENT version"));
        // Read before the move: afterwards AWSCURRENT no longer leads to it.
        Optional<String> previousFingerprint = settings.revokePrevious()
                ? Optional.of(fingerprintOf(arn, previous, deadline))
                : Optional.empty();
        secrets.makeCurrent(arn, token, previous);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("outcome", "finished");
        result.put("previousVersion", previous);
        if (previousFingerprint.isPresent()) {
            result.put("revoked", revoke(arn, previousFingerprint.get(), deadline).map(KeySlot::property)
                    .orElse(null));
        }
        return result;
    }

    /**
     * The part of a finish that may be left when it is retried: the key of the version Secrets Manager labelled
     * AWSPREVIOUS is unset from its slot, if it still holds one (unsetting is idempotent).
     */
    private Map<String, Object> finishRevoke(String arn, Versions versions, Deadline deadline) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("outcome", "already current");
        Optional<String> previous = versions.previous();
        if (previous.isEmpty()) {
            return result;
        }
        String previousFingerprint = fingerprintOf(arn, previous.get(), deadline);
        try {
            result.put("revoked", revoke(arn, previousFingerprint, deadline).map(KeySlot::property).orElse(null));
        } catch (SQLException e) {
            throw refused(arn, RotationStep.FINISH_SECRET, e);
        }
        return result;
    }

    /** Unsets the slot holding {@code fingerprint}, signed in with the now current key (or the admin secret). */
    private Optional<KeySlot> revoke(String arn, String fingerprint, Deadline deadline) throws SQLException {
        return SecretSession.run(keyChanger(arn), clock, log, deadline, (connection, resolved, signedInWith) -> {
            KeyOwner owner = keyOwner(connection, arn, parse(arn, secrets.current(arn, deadline), deadline).user(),
                    deadline);
            Optional<KeySlot> slot = owner.keys().slotOf(fingerprint).filter(s -> !fingerprint.equals(signedInWith));
            if (slot.isPresent()) {
                UserKeyCommands.unset(connection, owner.identifier(), slot.get());
            }
            return slot;
        });
    }

    /** The user whose keys the statements change, by the identifier they take, and that user's key slots. */
    private record KeyOwner(String identifier, UserKeys keys) {
    }

    /**
     * Finds the secret's {@code user}, a login name, which is the user's name only by default ({@code CREATE USER ...
     * LOGIN_NAME}), while {@code DESC USER} and {@code ALTER USER} take the name. Signed in as that user, the name is
     * the one Snowflake gives the session ({@link UserKeyCommands#signedInUser}). Signed in with the admin secret,
     * {@code DESC USER} by the login name finds the user when the user has no LOGIN_NAME of its own (it then shows the
     * same LOGIN_NAME, compared without case as Snowflake signs in); otherwise a second, short session signed in with
     * the secret itself (its current key stays registered until finishSecret has moved AWSCURRENT) asks for the name.
     * The LOGIN_NAME comparison also keeps a user merely named like the login name, should Snowflake allow one
     * beside it (the stand-in does not), from being taken for the user.
     */
    private KeyOwner keyOwner(Connection connection, String arn, String user, Deadline deadline)
            throws SQLException {
        if (settings.adminSecretId().isEmpty()) {
            String signedIn = UserKeyCommands.signedInUser(connection);
            return new KeyOwner(signedIn, UserKeyCommands.describe(connection, signedIn));
        }
        String likeTheLoginName = SnowflakeIdentifiers.bareOrQuoted(user);
        try {
            UserKeyCommands.DescribedUser described = UserKeyCommands.describeUser(connection, likeTheLoginName);
            if (described.loginName().equalsIgnoreCase(user)) {
                return new KeyOwner(likeTheLoginName, described.keys());
            }
        } catch (UserKeyCommands.StatementRefusedException e) {
            // No user of that name, or none the admin role may describe (2003, 3001): the user's own session names
            // it. A refusal of another kind is the admin's to fix.
            if (!SnowflakeErrors.notAllowed(e.getErrorCode())) {
                throw e;
            }
        }
        String name = SecretSession.run(target(arn, settings.passphraseSecretId()), clock, log, deadline,
                (asTheUser, resolved, fingerprint) -> UserKeyCommands.signedInUser(asTheUser));
        return new KeyOwner(name, UserKeyCommands.describe(connection, name));
    }

    private String pendingValue(String arn, String token, Deadline deadline) {
        return secrets.version(arn, token, deadline).orElseThrow(() -> new RotationException(
                "ClientRequestToken " + token, "has no value in secret " + arn + "; createSecret has not run"));
    }

    /** Whom setSecret and finishSecret sign in as to change the user's keys: the admin secret, else the current key. */
    private SecretSession.Target keyChanger(String arn) {
        return settings.adminSecretId()
                .map(admin -> target(admin, Optional.empty()))
                .orElseGet(() -> target(arn, settings.passphraseSecretId()));
    }

    private SecretSession.Target target(String secretId, Optional<String> passphraseSecretId) {
        return new SecretSession.Target(secrets.reader(), secretId, passphraseSecretId, settings.snowflakeUrl());
    }

    /** The key fingerprint of version {@code versionId} of the secret. */
    private String fingerprintOf(String arn, String versionId, Deadline deadline) {
        String value = secrets.version(arn, versionId, deadline).orElseThrow(() ->
                new RotationException("secret " + arn, "version " + versionId + " has no value"));
        return keyOf(arn, value, deadline).fingerprint();
    }

    private RsaKeyPair keyOf(String arn, String secretString, Deadline deadline) {
        return decode(parse(arn, secretString, deadline));
    }

    private SnowflakeSecret parse(String arn, String secretString, Deadline deadline) {
        return settings.passphraseSecretId()
                .map(id -> SnowflakeSecrets.parse(arn, secretString, id, secrets.current(id, deadline)))
                .orElseGet(() -> SnowflakeSecrets.parse(arn, secretString));
    }

    private RsaKeyPair decode(SnowflakeSecret secret) {
        return secret.keyPair(keyReader);
    }

    private String randomPassphrase() {
        byte[] bytes = new byte[PASSPHRASE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
