package io.snowgate.emulator.secretsmanager;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The secrets of one stand-in and the service's rules for them: ARNs, versions, staging labels, idempotency tokens,
 * scheduled deletion, rotation configuration. Every method is atomic ({@code synchronized}); nothing here calls out,
 * so rotation hooks run without the lock and may call the stand-in back.
 */
final class SecretStore {

    static final String AWSCURRENT = StagingLabels.AWSCURRENT;
    static final String AWSPENDING = StagingLabels.AWSPENDING;
    static final String AWSPREVIOUS = StagingLabels.AWSPREVIOUS;
    static final int DEFAULT_RECOVERY_DAYS = 30;
    /** Versions kept per secret before the oldest unlabelled ones go (API_PutSecretValue, API_UpdateSecret). */
    static final int MAX_VERSIONS = 100;
    /** Versions younger than this are kept whatever their number. */
    static final Duration KEEP_YOUNG_VERSIONS = Duration.ofHours(24);

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@!-]{1,512}");
    // AWS treats an ARN whose last segment ends in '-' plus six characters as complete, anything else as partial.
    private static final Pattern COMPLETE_ARN_TAIL = Pattern.compile(".*-[A-Za-z0-9]{6}");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Secret> byName = new LinkedHashMap<>();

    SecretStore(String region, String accountId, Clock clock) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
    }

    /** The name and ARN every response carries. */
    record SecretRef(String arn, String name) {
    }

    record VersionView(SecretRef secret, String versionId, SecretValue value, List<String> stages, Instant created,
            Instant lastAccessed) {
    }

    record Put(SecretRef secret, String versionId, List<String> stages) {
    }

    record Deletion(SecretRef secret, Instant deletionDate) {
    }

    record RotationRules(Long automaticallyAfterDays, String duration, String scheduleExpression) {
    }

    record Description(SecretRef secret, String description, String kmsKeyId, Boolean rotationEnabled,
            String rotationLambdaArn, RotationRules rotationRules, Instant lastRotated, Instant lastChanged,
            Instant lastAccessed, Instant deleted, Instant nextRotation, Map<String, String> tags,
            Map<String, List<String>> versionIdsToStages, Instant created, String primaryRegion) {
    }

    record VersionPage(SecretRef secret, List<VersionView> versions, String nextToken) {
    }

    /** What RotateSecret decided: the token and kind of run to start, both null when nothing is to be run. */
    record RotationStart(SecretRef secret, String token, RotationRunner.Kind kind) {
    }

    /** What CancelRotateSecret left: the version a cancelled rotation was rotating in, or null. */
    record Cancelled(SecretRef secret, String pendingVersionId) {
    }

    private static final class Secret {
        final SecretRef ref;
        final Instant created;
        final Map<String, Version> versions = new LinkedHashMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        String description;
        String kmsKeyId;
        Boolean rotationEnabled;
        String rotationLambdaArn;
        RotationRules rotationRules;
        Instant lastRotated;
        Instant lastValueWritten;
        Instant lastChanged;
        Instant lastAccessed;
        Instant deleted;
        Instant purgeAt;

        Secret(SecretRef ref, Instant created) {
            this.ref = ref;
            this.created = created;
            this.lastChanged = created;
        }

        Version holderOf(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst().orElse(null);
        }

        /** Attaches {@code stage} to {@code target} only, and keeps AWSPREVIOUS on the version AWSCURRENT left. */
        void moveStage(String stage, Version target) {
            Version from = holderOf(stage);
            if (from == target) {
                return;
            }
            if (from != null) {
                from.stages.remove(stage);
            }
            target.stages.add(stage);
            if (stage.equals(AWSCURRENT) && from != null) {
                moveStage(AWSPREVIOUS, from);
            }
        }
    }

    private static final class Version {
        final String id;
        final Instant created;
        final Set<String> stages = new LinkedHashSet<>();
        SecretValue value;
        Instant lastAccessed;

        Version(String id, SecretValue value, Instant created) {
            this.id = id;
            this.value = value;
            this.created = created;
        }
    }

    /** Every live secret, to be loaded in another run ({@link #load}); deleted ones are left out. */
    synchronized List<StoredSecret> stored() {
        purgeExpired();
        List<StoredSecret> stored = new java.util.ArrayList<>();
        for (Secret secret : byName.values()) {
            if (secret.deleted != null) {
                continue;
            }
            List<StoredSecret.Version> versions = secret.versions.values().stream()
                    .map(v -> new StoredSecret.Version(v.id, List.copyOf(v.stages), v.value.string(),
                            v.value.binary(), v.created.toString()))
                    .toList();
            RotationRules rules = secret.rotationRules;
            stored.add(new StoredSecret(secret.ref.name(), secret.ref.arn(), secret.created.toString(),
                    secret.description, secret.kmsKeyId, secret.tags, secret.rotationEnabled,
                    secret.rotationLambdaArn, rules == null ? null : rules.automaticallyAfterDays(),
                    rules == null ? null : rules.duration(), rules == null ? null : rules.scheduleExpression(),
                    secret.lastRotated == null ? null : secret.lastRotated.toString(), versions));
        }
        return stored;
    }

    /**
     * Serves {@code stored} again, with its ARN, version ids and labels as they were.
     *
     * @param checkRules RotateSecret's checks of rotation rules, which stored ones must pass too
     * @throws IllegalArgumentException when a secret of that name exists, or the stored form is not one this
     *                                  stand-in wrote (a bad name, an ARN of another region or account, no value,
     *                                  rotation rules RotateSecret refuses)
     */
    synchronized void load(StoredSecret stored, UnaryOperator<RotationRules> checkRules) {
        if (stored.name() == null || !NAME.matcher(stored.name()).matches()) {
            throw new IllegalArgumentException("a stored secret has no valid name");
        }
        if (byName.containsKey(stored.name())) {
            throw new IllegalArgumentException("secret " + stored.name() + " exists already");
        }
        String arnPrefix = "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + stored.name() + "-";
        if (stored.arn() == null || !stored.arn().startsWith(arnPrefix)
                || stored.arn().length() != arnPrefix.length() + 6) {
            throw new IllegalArgumentException("secret " + stored.name() + " was stored with an ARN of another"
                    + " region or account, or none: start with the --region and --account-id it was stored with");
        }
        Secret secret = new Secret(new SecretRef(stored.arn(), stored.name()), Instant.parse(stored.created()));
        secret.description = stored.description();
        secret.kmsKeyId = stored.kmsKeyId();
        secret.tags.putAll(stored.tags());
        secret.rotationEnabled = stored.rotationEnabled();
        secret.rotationLambdaArn = stored.rotationLambdaArn();
        if (stored.rotateAfterDays() != null || stored.rotationDuration() != null
                || stored.rotationSchedule() != null) {
            try {
                secret.rotationRules = checkRules.apply(new RotationRules(stored.rotateAfterDays(),
                        stored.rotationDuration(), stored.rotationSchedule()));
            } catch (AwsErrorException refused) {
                // The rules are settings, not secret material: the message may quote them.
                throw new IllegalArgumentException("secret " + stored.name() + " was stored with rotation rules"
                        + " RotateSecret refuses: " + refused.getMessage(), refused);
            }
        }
        secret.lastRotated = stored.lastRotated() == null ? null : Instant.parse(stored.lastRotated());
        for (StoredSecret.Version kept : stored.versions()) {
            if (kept.id() == null || (kept.secretString() == null) == (kept.secretBinary() == null)) {
                throw new IllegalArgumentException("secret " + stored.name() + " has a stored version without an id"
                        + " or without exactly one value");
            }
            Version version = new Version(kept.id(), new SecretValue(kept.secretString(),
                    kept.secretBinary()), Instant.parse(kept.created()));
            version.stages.addAll(kept.stages());
            secret.versions.put(version.id, version);
        }
        byName.put(stored.name(), secret);
    }

    synchronized Put create(String name, String token, SecretValue value, String description, String kmsKeyId,
            Map<String, String> tags) {
        if (!NAME.matcher(name).matches()) {
            throw new AwsErrorException(AwsErrorException.VALIDATION, "Invalid name. Must be a valid name containing"
                    + " alphanumeric characters, or any of the following: -/_+=.@!");
        }
        purgeExpired();
        Secret existing = byName.get(name);
        if (existing != null) {
            if (existing.deleted != null) {
                throw new AwsErrorException(AwsErrorException.INVALID_REQUEST, "You can't create this secret because a"
                        + " secret with this name is already scheduled for deletion.");
            }
            Version same = existing.versions.get(token);
            if (same != null && value != null && value.sameAs(same.value)) {
                // A retried CreateSecret (the SDK reuses its generated token) succeeds without change.
                return new Put(existing.ref, same.id, List.copyOf(same.stages));
            }
            throw new AwsErrorException(AwsErrorException.RESOURCE_EXISTS,
                    "The operation failed because the secret " + name + " already exists.");
        }
        Instant now = clock.instant();
        Secret secret = new Secret(new SecretRef(newArn(name), name), now);
        secret.description = description;
        secret.kmsKeyId = kmsKeyId;
        secret.tags.putAll(tags);
        byName.put(name, secret);
        if (value == null) {
            return new Put(secret.ref, null, List.of());
        }
        Version version = new Version(token, value, now);
        secret.versions.put(token, version);
        version.stages.add(AWSCURRENT);
        return new Put(secret.ref, token, List.copyOf(version.stages));
    }

    synchronized Put put(String secretId, String token, SecretValue value, List<String> requestedStages) {
        Secret secret = live(secretId);
        Version existing = secret.versions.get(token);
        if (existing != null && existing.value != null) {
            if (existing.value.sameAs(value)) {
                return new Put(secret.ref, existing.id, List.copyOf(existing.stages));
            }
            throw new AwsErrorException(AwsErrorException.RESOURCE_EXISTS,
                    "You can't modify an existing version, you can only create a new version.");
        }
        Instant now = clock.instant();
        Version version;
        if (existing != null) {
            // The version RotateSecret created without a value: the rotation function's createSecret fills it in.
            existing.value = value;
            version = existing;
        } else {
            version = new Version(token, value, now);
            secret.versions.put(token, version);
        }
        boolean first = secret.versions.values().stream().noneMatch(v -> v != version && v.value != null);
        List<String> stages = requestedStages == null ? List.of(AWSCURRENT) : requestedStages;
        for (String stage : stages) {
            secret.moveStage(stage, version);
        }
        if (first) {
            secret.moveStage(AWSCURRENT, version);
        }
        if (version.stages.contains(AWSCURRENT)) {
            secret.lastValueWritten = now;
        }
        secret.lastChanged = now;
        prune(secret, now);
        return new Put(secret.ref, version.id, List.copyOf(version.stages));
    }

    /**
     * Past {@value #MAX_VERSIONS} versions the service removes the oldest ones without a staging label, but never
     * one created in the last 24 hours (API_PutSecretValue). It does so "in the background"; the stand-in at once.
     */
    private static void prune(Secret secret, Instant now) {
        Instant youngest = now.minus(KEEP_YOUNG_VERSIONS);
        var oldestFirst = secret.versions.values().iterator();
        while (secret.versions.size() > MAX_VERSIONS && oldestFirst.hasNext()) {
            Version version = oldestFirst.next();
            if (version.stages.isEmpty() && version.created.isBefore(youngest)) {
                oldestFirst.remove();
            }
        }
    }

    synchronized VersionView get(String secretId, String versionId, String versionStage) {
        Secret secret = live(secretId);
        Version version;
        if (versionId != null) {
            version = secret.versions.get(versionId);
            if (version == null || version.value == null) {
                throw new AwsErrorException(AwsErrorException.RESOURCE_NOT_FOUND,
                        "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
            // Both given, they "must refer to the same secret version" (API_GetSecretValue), which names no error.
            // AWS answers a version without that label with this InvalidRequestException (400): recorded from AWS
            // in LocalStack's snapshot of TestSecretsManager::test_get_secret_value_errors
            // ("mismatch_version_id_and_stage", validated against AWS 2024-04-11); moto answers the same.
            if (versionStage != null && !version.stages.contains(versionStage)) {
                throw new AwsErrorException(AwsErrorException.INVALID_REQUEST,
                        "You provided a VersionStage that is not associated to the provided VersionId.");
            }
        } else {
            String stage = versionStage == null ? AWSCURRENT : versionStage;
            version = secret.holderOf(stage);
            if (version == null || version.value == null) {
                throw new AwsErrorException(AwsErrorException.RESOURCE_NOT_FOUND,
                        "Secrets Manager can't find the specified secret value for staging label: " + stage);
            }
        }
        // AWS keeps access dates to the day.
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        version.lastAccessed = today;
        secret.lastAccessed = today;
        return view(secret, version);
    }

    synchronized Description describe(String secretId) {
        return describe(find(secretId));
    }

    /**
     * ListSecrets: every secret that passes all {@code filters}, those scheduled for deletion only when asked,
     * ordered by {@code sortBy} ({@code created-date} unless given).
     */
    synchronized List<Description> list(List<SecretFilters.Filter> filters, boolean includeDeleted, String sortBy,
            boolean descending) {
        purgeExpired();
        Comparator<Description> order = switch (sortBy == null ? "created-date" : sortBy) {
            case "name" -> Comparator.comparing(d -> d.secret().name());
            case "last-changed-date" -> Comparator.comparing(Description::lastChanged, NULLS_FIRST);
            case "last-accessed-date" -> Comparator.comparing(Description::lastAccessed, NULLS_FIRST);
            default -> Comparator.comparing(Description::created);
        };
        return byName.values().stream()
                .filter(secret -> includeDeleted || secret.deleted == null)
                .map(this::describe)
                .filter(description -> SecretFilters.matchAll(filters, description))
                .sorted(descending ? order.reversed() : order)
                .toList();
    }

    private static final Comparator<Instant> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private Description describe(Secret s) {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        s.versions.values().stream().filter(v -> !v.stages.isEmpty())
                .forEach(v -> stages.put(v.id, List.copyOf(v.stages)));
        boolean rotating = Boolean.TRUE.equals(s.rotationEnabled);
        // Both dates are null while rotation is off (DescribeSecret, LastRotatedDate and NextRotationDate).
        Instant nextRotation = rotating ? nextRotation(s, clock.instant()) : null;
        Instant lastRotated = rotating ? s.lastRotated : null;
        return new Description(s.ref, s.description, s.kmsKeyId, s.rotationEnabled, s.rotationLambdaArn,
                s.rotationRules, lastRotated, s.lastChanged, s.lastAccessed, s.deleted, nextRotation,
                Collections.unmodifiableMap(new LinkedHashMap<>(s.tags)), stages, s.created, region);
    }

    /**
     * NextRotationDate ({@link RotationSchedule#nextRotationDate}), counted from the last rotation, the last value
     * written by PutSecretValue or UpdateSecret (RotationRulesType) or the creation, whichever came last.
     */
    private static Instant nextRotation(Secret s, Instant now) {
        if (s.rotationRules == null) {
            return null;
        }
        // Stored rules pass RotateSecret's checks when loaded, so every schedule parses.
        return RotationSchedule.nextRotationDate(s.rotationRules,
                latest(latest(s.created, s.lastRotated), s.lastValueWritten), now);
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /**
     * UpdateSecret: the description and KMS key when given (an empty key means the AWS managed key again), and a new
     * AWSCURRENT version when a value is given, with PutSecretValue's idempotency for the token.
     */
    synchronized Put update(String secretId, String token, SecretValue value, String description, String kmsKeyId) {
        Secret secret = live(secretId);
        Put put = value == null ? new Put(secret.ref, null, List.of()) : put(secretId, token, value, null);
        if (description != null) {
            secret.description = description;
        }
        if (kmsKeyId != null) {
            secret.kmsKeyId = kmsKeyId.isEmpty() ? null : kmsKeyId;
        }
        secret.lastChanged = clock.instant();
        return put;
    }

    /** TagResource: adds the tags, replacing the value of a key already there. */
    synchronized void tag(String secretId, Map<String, String> tags) {
        Secret secret = live(secretId);
        secret.tags.putAll(tags);
        secret.lastChanged = clock.instant();
    }

    /** UntagResource: removes the keys; a key that is not there is no error. */
    synchronized void untag(String secretId, List<String> keys) {
        Secret secret = live(secretId);
        keys.forEach(secret.tags::remove);
        secret.lastChanged = clock.instant();
    }

    synchronized SecretRef updateStage(String secretId, String stage, String removeFrom, String moveTo) {
        Secret secret = live(secretId);
        Version holder = secret.holderOf(stage);
        Version target = null;
        if (moveTo != null) {
            target = secret.versions.get(moveTo);
            if (target == null) {
                throw AwsErrorException.invalidParameter("The version " + moveTo + " doesn't exist in this secret.");
            }
        }
        if (removeFrom != null && (holder == null || !holder.id.equals(removeFrom))) {
            throw AwsErrorException.invalidParameter(
                    "The staging label " + stage + " isn't attached to version " + removeFrom + ".");
        }
        if (target == null) {
            if (removeFrom == null) {
                throw AwsErrorException.invalidParameter("Specify MoveToVersionId, RemoveFromVersionId or both.");
            }
            if (stage.equals(AWSCURRENT)) {
                throw AwsErrorException.invalidParameter("You can only move staging label AWSCURRENT to a different"
                        + " secret version. It can't be completely removed.");
            }
            holder.stages.remove(stage);
        } else {
            if (holder != null && holder != target && removeFrom == null) {
                throw AwsErrorException.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging"
                        + " label " + stage + " is currently attached to version " + holder.id
                        + ", so you must explicitly reference that version in RemoveFromVersionId.");
            }
            secret.moveStage(stage, target);
        }
        secret.lastChanged = clock.instant();
        return secret.ref;
    }

    synchronized VersionPage listVersions(String secretId, boolean includeDeprecated, int maxResults,
            String nextToken) {
        Secret secret = find(secretId);
        List<VersionView> all = new ArrayList<>();
        for (Version version : secret.versions.values()) {
            if (includeDeprecated || !version.stages.isEmpty()) {
                all.add(view(secret, version));
            }
        }
        int from = ListToken.offset(nextToken, all.size());
        int to = Math.min(all.size(), from + maxResults);
        return new VersionPage(secret.ref, List.copyOf(all.subList(from, to)),
                to < all.size() ? ListToken.of(to) : null);
    }

    /**
     * DeleteSecret. Forced, it succeeds for a secret that does not exist too (DeleteSecretRequest,
     * ForceDeleteWithoutRecovery: "If you forcibly delete an already deleted or nonexistent secret, the operation
     * does not return ResourceNotFoundException"), answering with the id it was given as ARN or name.
     */
    synchronized Deletion delete(String secretId, Integer recoveryWindowDays, boolean force) {
        Instant now = clock.instant();
        Secret secret;
        try {
            secret = find(secretId);
        } catch (AwsErrorException e) {
            if (!force || !e.type().equals(AwsErrorException.RESOURCE_NOT_FOUND)) {
                throw e;
            }
            return new Deletion(secretId.startsWith("arn:") ? new SecretRef(secretId, null)
                    : new SecretRef(null, secretId), now);
        }
        if (force) {
            byName.remove(secret.ref.name());
            return new Deletion(secret.ref, now);
        }
        if (secret.deleted != null) {
            throw new AwsErrorException(AwsErrorException.INVALID_REQUEST,
                    "You tried to perform the operation on a secret that's currently marked deleted.");
        }
        int days = recoveryWindowDays == null ? DEFAULT_RECOVERY_DAYS : recoveryWindowDays;
        secret.deleted = now;
        secret.purgeAt = now.plus(Duration.ofDays(days));
        secret.lastChanged = now;
        return new Deletion(secret.ref, secret.purgeAt);
    }

    synchronized SecretRef restore(String secretId) {
        Secret secret = find(secretId);
        secret.deleted = null;
        secret.purgeAt = null;
        secret.lastChanged = clock.instant();
        return secret.ref;
    }

    /**
     * Records RotateSecret's configuration and, when the function is to run, creates the version the service creates
     * before it invokes the function, with the request token as its id and AWSPENDING attached: without a value for
     * a rotation (createSecret fills it in), with the current value for RotateImmediately=false's check of the
     * configuration, which runs testSecret only and then removes the version (API_RotateSecret, RotateImmediately).
     *
     * @param functionAvailable whether a function can be invoked; without one only the configuration is recorded
     */
    synchronized RotationStart startRotation(String secretId, String token, String lambdaArn, RotationRules rules,
            boolean immediately, boolean functionAvailable) {
        Secret secret = live(secretId);
        String function = lambdaArn != null ? lambdaArn : secret.rotationLambdaArn;
        if (function == null) {
            throw new AwsErrorException(AwsErrorException.INVALID_REQUEST,
                    "No Lambda rotation function ARN is associated with this secret.");
        }
        Version pending = secret.holderOf(AWSPENDING);
        // AWSPENDING on a version other than AWSCURRENT's: a rotation has not finished. Its own token resumes it.
        if (pending != null && !pending.stages.contains(AWSCURRENT) && !pending.id.equals(token)) {
            throw new AwsErrorException(AwsErrorException.INVALID_REQUEST,
                    "A previous rotation isn't complete. That rotation will be reattempted.");
        }
        secret.rotationLambdaArn = function;
        if (rules != null) {
            secret.rotationRules = rules;
        }
        secret.rotationEnabled = true;
        Instant now = clock.instant();
        secret.lastChanged = now;
        if (!functionAvailable) {
            return new RotationStart(secret.ref, null, null);
        }
        Version version = secret.versions.get(token);
        if (version == null) {
            Version current = secret.holderOf(AWSCURRENT);
            version = new Version(token, immediately || current == null ? null : current.value, now);
            secret.versions.put(token, version);
        }
        secret.moveStage(AWSPENDING, version);
        prune(secret, now);
        return new RotationStart(secret.ref, token,
                immediately ? RotationRunner.Kind.ROTATE : RotationRunner.Kind.PROBE);
    }

    /**
     * After the last step: the rotation succeeded when AWSCURRENT reached its version (the service checks; a
     * finishSecret that returned without moving it failed). Then LastRotatedDate is stamped and AWSPENDING taken off
     * the new version: one of the two states the service documents after success (AWSPENDING on the AWSCURRENT
     * version, or on none); a caller sees the first until the second, and must accept both.
     */
    synchronized boolean completeRotation(String arn, String token) {
        Secret secret = byArn(arn);
        Version version = secret == null ? null : secret.versions.get(token);
        if (version == null || !version.stages.contains(AWSCURRENT)) {
            return false;
        }
        secret.lastRotated = clock.instant();
        version.stages.remove(AWSPENDING);
        return true;
    }

    /** After RotateImmediately=false's testSecret: the check's version goes again. */
    synchronized void endProbe(String arn, String token) {
        Secret secret = byArn(arn);
        if (secret == null) {
            return;
        }
        Version version = secret.versions.get(token);
        if (version != null && version.stages.equals(Set.of(AWSPENDING))) {
            secret.versions.remove(token);
        }
    }

    /**
     * CancelRotateSecret: rotation off; labels stay where the rotation left them. Returns the version a cancelled
     * rotation was rotating in (AWSPENDING off the AWSCURRENT version), which the caller should clean up.
     */
    synchronized Cancelled cancelRotation(String secretId) {
        Secret secret = live(secretId);
        secret.rotationEnabled = false;
        secret.lastChanged = clock.instant();
        Version pending = secret.holderOf(AWSPENDING);
        return new Cancelled(secret.ref,
                pending != null && !pending.stages.contains(AWSCURRENT) ? pending.id : null);
    }

    private Secret byArn(String arn) {
        return byName.values().stream().filter(s -> s.ref.arn().equals(arn)).findFirst().orElse(null);
    }

    /** A secret that is not scheduled for deletion: only those can be read or changed. */
    private Secret live(String secretId) {
        Secret secret = find(secretId);
        if (secret.deleted != null) {
            throw AwsErrorException.markedForDeletion();
        }
        return secret;
    }

    /** Resolves a name, a complete ARN or a partial ARN (without the random suffix), deleted or not. */
    private Secret find(String secretId) {
        purgeExpired();
        if (!secretId.startsWith("arn:")) {
            return require(byName.get(secretId));
        }
        String prefix = "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:";
        if (!secretId.startsWith(prefix)) {
            throw AwsErrorException.secretNotFound();
        }
        String tail = secretId.substring(prefix.length());
        if (COMPLETE_ARN_TAIL.matcher(tail).matches()) {
            return require(byName.values().stream().filter(s -> s.ref.arn().equals(secretId)).findFirst()
                    .orElse(null));
        }
        return require(byName.get(tail));
    }

    private static Secret require(Secret secret) {
        if (secret == null) {
            throw AwsErrorException.secretNotFound();
        }
        return secret;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        byName.values().removeIf(s -> s.purgeAt != null && !s.purgeAt.isAfter(now));
    }

    private String newArn(String name) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
    }

    private static VersionView view(Secret secret, Version version) {
        return new VersionView(secret.ref, version.id, version.value, List.copyOf(version.stages), version.created,
                version.lastAccessed);
    }
}
