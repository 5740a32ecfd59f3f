package io.snowgate.emulator.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.server.Exchange;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.StandInServer;
import io.snowgate.emulator.sigv4.AccessKey;
import io.snowgate.emulator.sigv4.AccessKeys;
import io.snowgate.emulator.sigv4.SigV4Exception;
import io.snowgate.emulator.sigv4.SigV4Verifier;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local AWS Secrets Manager speaking the service's AWS JSON 1.1 protocol ({@code POST /} with
 * {@code X-Amz-Target: secretsmanager.<Operation>}), so the unmodified AWS SDK and {@code aws} CLI work against it.
 * Operations: CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret, ListSecrets,
 * UpdateSecretVersionStage, ListSecretVersionIds, DeleteSecret, RestoreSecret, RotateSecret, CancelRotateSecret,
 * TagResource and UntagResource, with the service's ARNs, version ids, staging labels, idempotency tokens, error
 * types and HTTP statuses; the service's other operations are refused with a 501 naming them. Requests are
 * authenticated as AWS authenticates them ({@link SigV4Verifier}): signed with SigV4 for {@code secretsmanager} in the
 * stand-in's region within five minutes of its clock, with an access key it accepts (the default one,
 * {@link #accessKey}, {@link #trust}), the signature recomputed with that key's secret; refusals are the front end's
 * errors. Request kinds for counters and faults are the operation names.
 *
 * <p>RotateSecret starts a rotation and answers at once, as the service does; the stand-in then invokes a registered
 * {@link RotationHook} with the real event for each of the four steps on its own worker thread, and retries the
 * whole rotation when a step fails ({@link #rotationRetries}). A caller waits as it would against AWS: DescribeSecret
 * until AWSPENDING is on no version or on the AWSCURRENT one ({@link StagingLabels#rotationInProgress}).
 */
public final class SecretsManagerStandIn extends StandInServer {

    /** The region in ARNs unless one is given. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account id in ARNs unless one is given (AWS's documentation example account). */
    public static final String DEFAULT_ACCOUNT_ID = "111122223333";
    /**
     * The long-term access key (as an IAM user's) the stand-in always accepts: what local clients sign with
     * ({@code SecretsManagerClients.forLocalStandIn}, the README). Worth nothing outside the stand-in, hence public.
     */
    public static final String DEFAULT_ACCESS_KEY_ID = "AKIDSNOWGATELOCAL";
    /** {@link #DEFAULT_ACCESS_KEY_ID}'s secret key. */
    public static final String DEFAULT_SECRET_ACCESS_KEY = "snowgate-local";

    static final String TARGET_PREFIX = "secretsmanager.";
    /** The service name in a SigV4 credential scope. */
    static final String SIGNING_NAME = "secretsmanager";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** ListSecrets' page size when the request sets none. */
    static final int DEFAULT_LIST_RESULTS = 100;
    static final int MAX_DESCRIPTION = 2048;
    static final int MAX_SECRET_ID = 2048;
    /** NameType (service model): a secret's name is at most 512 characters. */
    static final int MAX_NAME = 512;
    /** KmsKeyIdType (service model): at most 2048 characters. */
    static final int MAX_KMS_KEY_ID = 2048;
    /** NextTokenType (service model): 1 to 4096 characters. */
    static final int MAX_NEXT_TOKEN = 4096;
    /** TagKeyType and TagValueType (service model): keys of 1 to 128 characters, values of at most 256. */
    static final int MAX_TAG_KEY = 128;
    static final int MAX_TAG_VALUE = 256;
    /** RotationLambdaARNType (service model): at most 2048 characters. */
    static final int MAX_ROTATION_LAMBDA_ARN = 2048;
    /** SecretVersionIdType and ClientRequestTokenType (service model): 32 to 64 characters. */
    static final int MIN_VERSION_ID = 32;
    static final int MAX_VERSION_ID = 64;
    /** SecretVersionStageType (service model): a staging label of 1 to 256 characters. */
    static final int MAX_STAGE = 256;
    /** SecretVersionStagesType (service model): 1 to 20 labels in PutSecretValue's VersionStages. */
    static final int MAX_STAGES = 20;
    /** DurationType's pattern (service model), as Coral quotes it; Java reads it the same way. */
    static final String DURATION_PATTERN = "[0-9]+h";
    /** ScheduleExpressionType's pattern (service model), as Coral quotes it; Java reads it the same way. */
    static final String SCHEDULE_PATTERN = "[0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+";
    /** The operations the stand-in models. */
    static final Set<String> OPERATIONS = Set.of("CreateSecret", "GetSecretValue", "PutSecretValue",
            "UpdateSecret", "DescribeSecret", "ListSecrets", "UpdateSecretVersionStage", "ListSecretVersionIds",
            "DeleteSecret", "RestoreSecret", "RotateSecret", "CancelRotateSecret", "TagResource", "UntagResource");
    /** The service's other operations (botocore service model, 2017-10-17): named, counted, and refused plainly. */
    private static final Set<String> NOT_MODELLED = Set.of("BatchGetSecretValue", "GetRandomPassword",
            "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy", "ValidateResourcePolicy",
            "ReplicateSecretToRegions", "RemoveRegionsFromReplication", "StopReplicationToReplica");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final String accountId;
    private final Map<String, AccessKey> accessKeys = new ConcurrentHashMap<>();
    private final List<AccessKeys> trusted = new CopyOnWriteArrayList<>();
    private final SigV4Verifier verifier;
    private final SecretStore store;
    private final RotationRunner rotations;
    private volatile RotationHook rotationHook;

    /** On a free port, with the default region and account. */
    public SecretsManagerStandIn() {
        this(0);
    }

    /** @param port the port to bind on 127.0.0.1; 0 picks a free one */
    public SecretsManagerStandIn(int port) {
        this(port, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, Clock.systemUTC());
    }

    /**
     * @param port the port to bind on 127.0.0.1; 0 picks a free one
     * @param region the region in ARNs
     * @param accountId the 12-digit account id in ARNs
     * @param clock the time for creation, access and deletion dates (recovery windows expire by it), and the time a
     *     request's signature must be within five minutes of
     */
    public SecretsManagerStandIn(int port, String region, String accountId, Clock clock) {
        super("secretsmanager", port);
        if (!region.matches("([a-z]+-)+\\d+")) {
            throw new IllegalArgumentException("region must be an AWS region id such as eu-west-1");
        }
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
        this.region = region;
        this.accountId = accountId;
        accessKey(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY);
        this.verifier = new SigV4Verifier(SIGNING_NAME, region, clock, this::findAccessKey);
        this.store = new SecretStore(region, accountId, clock);
        this.rotations = new RotationRunner(name(), store, () -> rotationHook);
    }

    @Override
    public synchronized SecretsManagerStandIn start() {
        super.start();
        return this;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Also accepts requests signed with this long-term access key (as another IAM user's). */
    public SecretsManagerStandIn accessKey(String accessKeyId, String secretAccessKey) {
        AccessKey key = AccessKey.longTerm(accessKeyId, secretAccessKey);
        accessKeys.put(key.accessKeyId(), key);
        return this;
    }

    /**
     * Also accepts the keys {@code issuer} knows, as every AWS service accepts what STS issued: for example
     * {@link io.snowgate.emulator.sts.StsStandIn#issuedKeys()}, whose session tokens and expiries are checked too.
     */
    public SecretsManagerStandIn trust(AccessKeys issuer) {
        trusted.add(issuer);
        return this;
    }

    private Optional<AccessKey> findAccessKey(String accessKeyId) {
        AccessKey own = accessKeys.get(accessKeyId);
        if (own != null) {
            return Optional.of(own);
        }
        return trusted.stream().map(issuer -> issuer.find(accessKeyId)).flatMap(Optional::stream).findFirst();
    }

    /**
     * Every live secret with its values, labels and rotation configuration, to be served again by another stand-in
     * ({@link #load}): what {@code local up --state-dir} keeps across restarts.
     */
    public List<StoredSecret> storedSecrets() {
        return store.stored();
    }

    /**
     * Serves secrets another stand-in in this region and account stored ({@link #storedSecrets}), with their ARNs
     * and version ids unchanged.
     *
     * @throws IllegalArgumentException when one exists already, was stored for another region or account, or has
     *                                  rotation rules RotateSecret refuses (edited, or stored before a check existed)
     */
    public void load(List<StoredSecret> secrets) {
        secrets.forEach(secret -> store.load(secret, SecretsManagerStandIn::checked));
    }

    /**
     * Registers the function rotations invoke (null removes it). Without one, RotateSecret only records the
     * rotation configuration, as the service does when it has no function it can run.
     */
    public SecretsManagerStandIn rotationHook(RotationHook hook) {
        this.rotationHook = hook;
        return this;
    }

    /**
     * How often a failed rotation is attempted in all (at least 1) and the back-off before the first retry, which
     * doubles for each further one. Defaults: {@value RotationRunner#DEFAULT_ATTEMPTS} attempts, 250 ms; AWS
     * retries over a longer time.
     */
    public SecretsManagerStandIn rotationRetries(int attempts, Duration firstBackoff) {
        rotations.retries(attempts, firstBackoff);
        return this;
    }

    /**
     * Tells {@code listener} of each rotation as it ends, on the rotation worker: succeeded, failed after its last
     * attempt (AWSPENDING then stays on the unfinished version), or cancelled. AWS records these as CloudTrail events
     * (userguide: cloudtrail_log_entries, "Log entries for rotation"); {@code local up} prints them.
     */
    public SecretsManagerStandIn onRotationEnded(java.util.function.Consumer<Rotation> listener) {
        rotations.onEnded(listener);
        return this;
    }

    /** Every attempt at a rotation so far, oldest first. */
    public List<RotationAttempt> rotations() {
        return rotations.attempts();
    }

    /** The rotation of {@code clientRequestToken} (RotateSecret's VersionId), once RotateSecret started it. */
    public Optional<Rotation> rotation(String clientRequestToken) {
        return rotations.rotation(clientRequestToken);
    }

    /** Stops the rotation worker (a running step is interrupted), then the server. */
    @Override
    public synchronized void close() {
        rotations.close();
        super.close();
    }

    @Override
    protected String kindOf(Exchange exchange) {
        String target = exchange.header("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return null;
        }
        String operation = target.substring(TARGET_PREFIX.length());
        return OPERATIONS.contains(operation) || NOT_MODELLED.contains(operation) ? operation : null;
    }

    @Override
    protected void handle(Exchange exchange) throws IOException {
        try {
            String operation = kindOf(exchange);
            if (!exchange.method().equals("POST") || operation == null) {
                throw new AwsErrorException(AwsErrorException.UNKNOWN_OPERATION, null);
            }
            if (NOT_MODELLED.contains(operation)) {
                throw new AwsErrorException(AwsErrorException.NOT_MODELLED, 501, "The Secrets Manager stand-in does"
                        + " not model " + operation + " (emulator/README.md lists what it models).");
            }
            authenticate(exchange);
            JsonNode request = parse(exchange.body());
            respond(exchange, 200, dispatch(operation, request));
        } catch (AwsErrorException e) {
            respondError(exchange, e.httpStatus(), e.type(), e.getMessage());
        }
    }

    /**
     * The front end's refusals in the JSON protocol: all 400, with the Coral namespace in {@code __type} (SDKs match
     * InvalidSignatureException, UnrecognizedClientException, ExpiredTokenException by the part after '#').
     */
    private void authenticate(Exchange exchange) {
        try {
            verifier.verify(exchange);
        } catch (SigV4Exception e) {
            String type = switch (e.reason()) {
                case MISSING_AUTHENTICATION_TOKEN -> AwsErrorException.MISSING_AUTHENTICATION_TOKEN;
                case INCOMPLETE_SIGNATURE -> AwsErrorException.INCOMPLETE_SIGNATURE;
                case INVALID_SIGNATURE -> AwsErrorException.INVALID_SIGNATURE;
                case UNRECOGNIZED_CLIENT -> AwsErrorException.UNRECOGNIZED_CLIENT;
                case EXPIRED_TOKEN -> AwsErrorException.EXPIRED_TOKEN;
            };
            throw new AwsErrorException(type, e.getMessage());
        }
    }

    /** ThrottlingException answers 400 as AWS does, so the SDK classifies it by code and retries with backoff. */
    @Override
    protected void respondWithError(Exchange exchange, Fault.Error error) throws IOException {
        int status = switch (error.code()) {
            case "InternalServiceError", "InternalFailure" -> 500;
            case "ServiceUnavailable" -> 503;
            default -> 400;
        };
        respondError(exchange, status, error.code(), error.message());
    }

    private ObjectNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateSecret" -> createSecret(request);
            case "GetSecretValue" -> getSecretValue(request);
            case "PutSecretValue" -> putSecretValue(request);
            case "DescribeSecret" -> describeSecret(request);
            case "UpdateSecretVersionStage" -> updateSecretVersionStage(request);
            case "ListSecretVersionIds" -> listSecretVersionIds(request);
            case "DeleteSecret" -> deleteSecret(request);
            case "RestoreSecret" -> ref(store.restore(onlySecretId(request)));
            case "RotateSecret" -> rotateSecret(request);
            case "CancelRotateSecret" -> cancelRotateSecret(request);
            case "ListSecrets" -> listSecrets(request);
            case "UpdateSecret" -> updateSecret(request);
            case "TagResource" -> tagResource(request);
            case "UntagResource" -> untagResource(request);
            default -> throw new AwsErrorException(AwsErrorException.UNKNOWN_OPERATION, null);
        };
    }

    private ObjectNode createSecret(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String name = text(constraints, request, "Name", "name", 1, MAX_NAME);
        constraints.notNull("name", name);
        String token = token(constraints, request);
        String description = description(constraints, request);
        String kmsKeyId = kmsKeyId(constraints, request);
        SentValue value = value(constraints, request);
        Map<String, String> tags = tags(constraints, request.path("Tags"));
        constraints.check();
        SecretStore.Put put = store.create(name, orNewToken(token), value.require(false), description, kmsKeyId,
                tags);
        ObjectNode response = ref(put.secret());
        putIfPresent(response, "VersionId", put.versionId());
        return response;
    }

    private ObjectNode getSecretValue(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        String versionId = versionId(constraints, request, "VersionId", "versionId");
        String versionStage = stage(constraints, request, "VersionStage", "versionStage");
        constraints.check();
        SecretStore.VersionView version = store.get(secretId, versionId, versionStage);
        ObjectNode response = ref(version.secret());
        response.put("VersionId", version.versionId());
        if (version.value().string() != null) {
            response.put("SecretString", version.value().string());
        } else {
            response.put("SecretBinary", Base64.getEncoder().encodeToString(version.value().binary()));
        }
        stages(response.putArray("VersionStages"), version.stages());
        putDate(response, "CreatedDate", version.created());
        return response;
    }

    private ObjectNode putSecretValue(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        String token = token(constraints, request);
        SentValue value = value(constraints, request);
        List<String> stages = versionStages(constraints, request);
        constraints.check();
        SecretStore.Put put = store.put(secretId, orNewToken(token), value.require(true), stages);
        ObjectNode response = ref(put.secret());
        response.put("VersionId", put.versionId());
        stages(response.putArray("VersionStages"), put.stages());
        return response;
    }

    /**
     * PutSecretValue's VersionStages, or null when the request has none: 1 to 20 labels (SecretVersionStagesType; an
     * empty list is no request for "no labels"), each of 1 to 256 characters.
     */
    private static List<String> versionStages(MemberConstraints constraints, JsonNode request) {
        if (!request.hasNonNull("VersionStages")) {
            return null;
        }
        List<String> stages = new ArrayList<>();
        for (JsonNode stage : request.get("VersionStages")) {
            if (!stage.isTextual()) {
                throw new AwsErrorException(AwsErrorException.SERIALIZATION,
                        "Unexpected value type in payload for VersionStages");
            }
            stages.add(stage.asText());
        }
        constraints.size("versionStages", "'" + stages + "'", stages.size(), 1, MAX_STAGES);
        constraints.entries("versionStages", stages, 1, MAX_STAGE, null);
        return stages;
    }

    private ObjectNode describeSecret(JsonNode request) {
        SecretStore.Description d = store.describe(onlySecretId(request));
        ObjectNode response = details(d);
        ObjectNode versions = response.putObject("VersionIdsToStages");
        d.versionIdsToStages().forEach((id, labels) -> stages(versions.putArray(id), labels));
        putDate(response, "CreatedDate", d.created());
        response.put("PrimaryRegion", d.primaryRegion());
        return response;
    }

    /** What DescribeSecret and a ListSecrets entry share; the service omits every field without a value. */
    private static ObjectNode details(SecretStore.Description d) {
        ObjectNode response = ref(d.secret());
        putIfPresent(response, "Description", d.description());
        putIfPresent(response, "KmsKeyId", d.kmsKeyId());
        if (d.rotationEnabled() != null) {
            response.put("RotationEnabled", d.rotationEnabled());
        }
        putIfPresent(response, "RotationLambdaARN", d.rotationLambdaArn());
        if (d.rotationRules() != null) {
            ObjectNode rules = response.putObject("RotationRules");
            if (d.rotationRules().automaticallyAfterDays() != null) {
                rules.put("AutomaticallyAfterDays", d.rotationRules().automaticallyAfterDays());
            }
            putIfPresent(rules, "Duration", d.rotationRules().duration());
            putIfPresent(rules, "ScheduleExpression", d.rotationRules().scheduleExpression());
        }
        putDate(response, "LastRotatedDate", d.lastRotated());
        putDate(response, "LastChangedDate", d.lastChanged());
        putDate(response, "LastAccessedDate", d.lastAccessed());
        putDate(response, "DeletedDate", d.deleted());
        putDate(response, "NextRotationDate", d.nextRotation());
        if (!d.tags().isEmpty()) {
            ArrayNode tags = response.putArray("Tags");
            d.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        }
        return response;
    }

    private ObjectNode listSecrets(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        int maxResults = maxResults(constraints, request, DEFAULT_LIST_RESULTS);
        String nextToken = nextToken(constraints, request);
        List<SecretFilters.Filter> filters = filters(constraints, request);
        String sortOrder = text(request, "SortOrder");
        constraints.oneOf("sortOrder", sortOrder, List.of("asc", "desc"));
        String sortBy = text(request, "SortBy");
        constraints.oneOf("sortBy", sortBy, List.of("created-date", "last-accessed-date", "last-changed-date", "name"));
        constraints.check();
        List<SecretStore.Description> all = store.list(filters, request.path("IncludePlannedDeletion")
                .asBoolean(false), sortBy, "desc".equals(sortOrder));
        int from = ListToken.offset(nextToken, all.size());
        int to = Math.min(all.size(), from + maxResults);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode list = response.putArray("SecretList");
        for (SecretStore.Description d : all.subList(from, to)) {
            ObjectNode entry = details(d);
            // The list entry calls the map SecretVersionsToStages where DescribeSecret says VersionIdsToStages.
            ObjectNode versions = entry.putObject("SecretVersionsToStages");
            d.versionIdsToStages().forEach((id, labels) -> stages(versions.putArray(id), labels));
            putDate(entry, "CreatedDate", d.created());
            entry.put("PrimaryRegion", d.primaryRegion());
            list.add(entry);
        }
        if (to < all.size()) {
            response.put("NextToken", ListToken.of(to));
        }
        return response;
    }

    /** ListSecrets' Filters (FiltersListType, at most 10), each Key of the enum and 1 to 10 Values of the pattern. */
    private static List<SecretFilters.Filter> filters(MemberConstraints constraints, JsonNode request) {
        JsonNode node = request.get("Filters");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.size() > SecretFilters.MAX_FILTERS) {
            constraints.add("filters", "'[...]'",
                    "Member must have length less than or equal to " + SecretFilters.MAX_FILTERS);
        }
        List<SecretFilters.Filter> filters = new ArrayList<>();
        int index = 0;
        for (JsonNode filter : node) {
            index++;
            String member = "filters." + index + ".member";
            String key = text(filter, "Key");
            constraints.oneOf(member + ".key", key, new TreeSet<>(SecretFilters.KEYS));
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(value -> values.add(value.asText()));
            if (filter.hasNonNull("Values")) {
                constraints.size(member + ".values", "'" + values + "'", values.size(), 1, SecretFilters.MAX_VALUES);
            }
            constraints.entries(member + ".values", values, null, SecretFilters.MAX_VALUE_LENGTH,
                    SecretFilters.VALUE_PATTERN);
            if (key != null) {
                filters.add(new SecretFilters.Filter(key, values));
            }
        }
        return filters;
    }

    private ObjectNode updateSecret(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        String token = token(constraints, request);
        String description = description(constraints, request);
        String kmsKeyId = kmsKeyId(constraints, request);
        SentValue value = value(constraints, request);
        constraints.check();
        SecretStore.Put put = store.update(secretId, orNewToken(token), value.require(false), description, kmsKeyId);
        ObjectNode response = ref(put.secret());
        putIfPresent(response, "VersionId", put.versionId());
        return response;
    }

    private ObjectNode tagResource(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        constraints.notNull("tags", request.hasNonNull("Tags") ? request.get("Tags") : null);
        Map<String, String> tags = tags(constraints, request.path("Tags"));
        constraints.check();
        store.tag(secretId, tags);
        return JSON.createObjectNode();
    }

    private ObjectNode untagResource(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        JsonNode keys = request.hasNonNull("TagKeys") ? request.get("TagKeys") : null;
        constraints.notNull("tagKeys", keys);
        List<String> names = new ArrayList<>();
        if (keys != null) {
            keys.forEach(key -> names.add(key.asText()));
            constraints.entries("tagKeys", names, 1, MAX_TAG_KEY, null);
        }
        constraints.check();
        store.untag(secretId, names);
        return JSON.createObjectNode();
    }

    /**
     * Tags as CreateSecret and TagResource take them (TagListType); keys of 1 to 128 characters (TagKeyType), values up
     * to 256 (TagValueType), each tag named by its place in the list.
     */
    private static Map<String, String> tags(MemberConstraints constraints, JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode tag : list) {
            index++;
            String key = tag.path("Key").asText("");
            String value = tag.path("Value").asText("");
            constraints.length("tags." + index + ".member.key", key, 1, MAX_TAG_KEY);
            constraints.length("tags." + index + ".member.value", value, 0, MAX_TAG_VALUE);
            tags.put(key, value);
        }
        return tags;
    }

    /** MaxResultsType: 1 to 100; {@code defaultValue} when the request sets none. */
    private static int maxResults(MemberConstraints constraints, JsonNode request, int defaultValue) {
        if (!request.hasNonNull("MaxResults")) {
            return defaultValue;
        }
        int maxResults = request.get("MaxResults").asInt();
        constraints.range("maxResults", (long) maxResults, 1, 100);
        return maxResults;
    }

    private ObjectNode updateSecretVersionStage(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        String stage = stage(constraints, request, "VersionStage", "versionStage");
        constraints.notNull("versionStage", stage);
        String removeFrom = versionId(constraints, request, "RemoveFromVersionId", "removeFromVersionId");
        String moveTo = versionId(constraints, request, "MoveToVersionId", "moveToVersionId");
        constraints.check();
        return ref(store.updateStage(secretId, stage, removeFrom, moveTo));
    }

    private ObjectNode listSecretVersionIds(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        int maxResults = maxResults(constraints, request, Integer.MAX_VALUE);
        String nextToken = nextToken(constraints, request);
        constraints.check();
        SecretStore.VersionPage page = store.listVersions(secretId, request.path("IncludeDeprecated").asBoolean(false),
                maxResults, nextToken);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode versions = response.putArray("Versions");
        for (SecretStore.VersionView version : page.versions()) {
            ObjectNode entry = versions.addObject();
            entry.put("VersionId", version.versionId());
            stages(entry.putArray("VersionStages"), version.stages());
            putDate(entry, "LastAccessedDate", version.lastAccessed());
            putDate(entry, "CreatedDate", version.created());
        }
        putIfPresent(response, "NextToken", page.nextToken());
        response.put("ARN", page.secret().arn());
        response.put("Name", page.secret().name());
        return response;
    }

    /** RecoveryWindowInDays' bounds are the operation's (the model gives it none): judged after Coral's check. */
    private ObjectNode deleteSecret(JsonNode request) {
        String secretId = onlySecretId(request);
        boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
        Integer window = request.hasNonNull("RecoveryWindowInDays") ? request.get("RecoveryWindowInDays").asInt()
                : null;
        if (force && window != null) {
            throw AwsErrorException.invalidParameter(
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (window != null && (window < 7 || window > 30)) {
            throw AwsErrorException.invalidParameter(
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        SecretStore.Deletion deletion = store.delete(secretId, window, force);
        ObjectNode response = JSON.createObjectNode();
        putIfPresent(response, "ARN", deletion.secret().arn());
        putIfPresent(response, "Name", deletion.secret().name());
        putDate(response, "DeletionDate", deletion.deletionDate());
        return response;
    }

    private ObjectNode rotateSecret(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        String token = token(constraints, request);
        String lambdaArn = text(constraints, request, "RotationLambdaARN", "rotationLambdaARN", 0,
                MAX_ROTATION_LAMBDA_ARN);
        SecretStore.RotationRules rules = rotationRules(constraints, request);
        constraints.check();
        checkRotationRules(rules);
        SecretStore.RotationStart start = store.startRotation(secretId, orNewToken(token), lambdaArn, rules,
                request.path("RotateImmediately").asBoolean(true), rotationHook != null);
        if (start.kind() != null) {
            rotations.start(start.secret().arn(), start.token(), start.kind());
        }
        ObjectNode response = ref(start.secret());
        // The new version's id, for a rotation; RotateImmediately=false only checks the configuration.
        if (start.kind() == RotationRunner.Kind.ROTATE) {
            response.put("VersionId", start.token());
        }
        return response;
    }

    /**
     * RotateSecret's RotationRules as sent, or null when the request has none, their members' constraints recorded
     * ({@link #recordRotationRules}).
     */
    private static SecretStore.RotationRules rotationRules(MemberConstraints constraints, JsonNode request) {
        JsonNode node = request.get("RotationRules");
        if (node == null || node.isNull()) {
            return null;
        }
        Long days = node.hasNonNull("AutomaticallyAfterDays") ? node.get("AutomaticallyAfterDays").asLong() : null;
        SecretStore.RotationRules rules = new SecretStore.RotationRules(days, text(node, "Duration"),
                text(node, "ScheduleExpression"));
        recordRotationRules(constraints, rules);
        return rules;
    }

    /**
     * RotationRules' member constraints (service model, RotationRulesType): AutomaticallyAfterDays 1 to 1000
     * (AutomaticallyRotateAfterDaysType), Duration 2 to 3 characters of {@value #DURATION_PATTERN} (DurationType),
     * ScheduleExpression 1 to 256 characters of {@value #SCHEDULE_PATTERN} (ScheduleExpressionType).
     */
    private static void recordRotationRules(MemberConstraints constraints, SecretStore.RotationRules rules) {
        constraints.range("rotationRules.automaticallyAfterDays", rules.automaticallyAfterDays(), 1, 1000);
        constraints.length("rotationRules.duration", rules.duration(), 2, 3);
        constraints.pattern("rotationRules.duration", rules.duration(), DURATION_PATTERN);
        constraints.length("rotationRules.scheduleExpression", rules.scheduleExpression(), 1, 256);
        constraints.pattern("rotationRules.scheduleExpression", rules.scheduleExpression(), SCHEDULE_PATTERN);
    }

    /**
     * {@code rules} when RotateSecret accepts them: what a stored secret brings back ({@link #load}) passes the
     * checks a request's rules do.
     *
     * @throws AwsErrorException the ValidationException or InvalidParameterException RotateSecret answers
     */
    static SecretStore.RotationRules checked(SecretStore.RotationRules rules) {
        MemberConstraints constraints = new MemberConstraints();
        recordRotationRules(constraints, rules);
        constraints.check();
        checkRotationRules(rules);
        return rules;
    }

    /**
     * The operation's own rules for RotationRules that fit their shapes ({@link RotationSchedule}), each an
     * InvalidParameterException.
     */
    private static void checkRotationRules(SecretStore.RotationRules rules) {
        if (rules == null) {
            return;
        }
        if (rules.automaticallyAfterDays() != null && rules.scheduleExpression() != null) {
            // RotationRulesType: "AutomaticallyAfterDays or ScheduleExpression, but not both". AWS's words for it, as
            // a real RotateSecret answered (quoted in terraform-provider-aws's changelog, fix for #31915, 2023).
            throw AwsErrorException.invalidParameter(
                    "You cannot specify both rotation frequency and schedule expression together.");
        }
        RotationSchedule.check(rules.duration(), rules.scheduleExpression());
    }

    private ObjectNode cancelRotateSecret(JsonNode request) {
        SecretStore.Cancelled cancelled = store.cancelRotation(onlySecretId(request));
        rotations.cancel(cancelled.secret().arn());
        ObjectNode response = ref(cancelled.secret());
        putIfPresent(response, "VersionId", cancelled.pendingVersionId());
        return response;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new AwsErrorException(AwsErrorException.SERIALIZATION, "Start of structure or map found where"
                        + " not expected.");
            }
            return node;
        } catch (IOException e) {
            throw new AwsErrorException(AwsErrorException.SERIALIZATION, "The request body is not valid JSON.");
        }
    }

    /** The SecretId of an operation that takes nothing else the model constrains, checked. */
    private static String onlySecretId(JsonNode request) {
        MemberConstraints constraints = new MemberConstraints();
        String secretId = secretId(constraints, request);
        constraints.check();
        return secretId;
    }

    /** SecretIdType (service model): required, 1 to 2048 characters. */
    private static String secretId(MemberConstraints constraints, JsonNode request) {
        String secretId = text(constraints, request, "SecretId", "secretId", 1, MAX_SECRET_ID);
        constraints.notNull("secretId", secretId);
        return secretId;
    }

    /** CreateSecret's and UpdateSecret's Description: at most 2048 characters (DescriptionType). */
    private static String description(MemberConstraints constraints, JsonNode request) {
        return text(constraints, request, "Description", "description", 0, MAX_DESCRIPTION);
    }

    /** CreateSecret's and UpdateSecret's KmsKeyId: at most 2048 characters (KmsKeyIdType). */
    private static String kmsKeyId(MemberConstraints constraints, JsonNode request) {
        return text(constraints, request, "KmsKeyId", "kmsKeyId", 0, MAX_KMS_KEY_ID);
    }

    /** A list operation's NextToken: 1 to 4096 characters (NextTokenType), then the stand-in's own to judge. */
    private static String nextToken(MemberConstraints constraints, JsonNode request) {
        return text(constraints, request, "NextToken", "nextToken", 1, MAX_NEXT_TOKEN);
    }

    /**
     * A version id member: Coral refuses one outside 32 to 64 characters before the operation looks for it
     * (SecretVersionIdType), so a malformed id is a ValidationException, never "can't find" or "isn't attached".
     */
    private static String versionId(MemberConstraints constraints, JsonNode request, String field, String member) {
        return text(constraints, request, field, member, MIN_VERSION_ID, MAX_VERSION_ID);
    }

    /** An optional staging label member: 1 to 256 characters (SecretVersionStageType). */
    private static String stage(MemberConstraints constraints, JsonNode request, String field, String member) {
        return text(constraints, request, field, member, 1, MAX_STAGE);
    }

    /** A string member's value, or null when absent, its length of {@code min} to {@code max} recorded. */
    private static String text(MemberConstraints constraints, JsonNode request, String field, String member, int min,
            int max) {
        String value = text(request, field);
        constraints.length(member, value, min, max);
        return value;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new AwsErrorException(AwsErrorException.SERIALIZATION,
                    "Unexpected value type in payload for " + field);
        }
        return node.asText();
    }

    /** The request's ClientRequestToken, or null: 32 to 64 characters (ClientRequestTokenType). */
    private static String token(MemberConstraints constraints, JsonNode request) {
        return text(constraints, request, "ClientRequestToken", "clientRequestToken", MIN_VERSION_ID, MAX_VERSION_ID);
    }

    /** The token sent, or a fresh one as the service makes for callers that send none. */
    private static String orNewToken(String token) {
        return token == null ? UUID.randomUUID().toString() : token;
    }

    /**
     * SecretBinary and SecretString as sent, in the model's order, each 1 to 64 KiB (SecretBinaryType,
     * SecretStringType; an empty value is no value) and shown as {@code '***'}, as the model marks both sensitive.
     */
    private static SentValue value(MemberConstraints constraints, JsonNode request) {
        String base64 = text(request, "SecretBinary");
        String string = text(request, "SecretString");
        byte[] binary = null;
        if (base64 != null) {
            try {
                binary = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new AwsErrorException(AwsErrorException.SERIALIZATION, "SecretBinary is not valid base64.");
            }
            constraints.sensitiveLength("secretBinary", binary.length, 1, SecretValue.MAX_BYTES);
        }
        if (string != null) {
            constraints.sensitiveLength("secretString", string.getBytes(StandardCharsets.UTF_8).length, 1,
                    SecretValue.MAX_BYTES);
        }
        return new SentValue(string, binary);
    }

    /** SecretString and SecretBinary as sent (either, both or neither) until the operation judges them. */
    private record SentValue(String string, byte[] binary) {

        /** The one value sent, or null when none was and none is {@code required}. */
        SecretValue require(boolean required) {
            if (string != null && binary != null) {
                throw AwsErrorException.invalidParameter("You can't specify both a binary secret value and a string"
                        + " secret value in the same secret.");
            }
            if (string == null && binary == null) {
                if (required) {
                    throw AwsErrorException.invalidParameter("You must provide either SecretString or SecretBinary.");
                }
                return null;
            }
            return new SecretValue(string, binary);
        }

        /** Never the value itself, as {@link SecretValue#toString}. */
        @Override
        public String toString() {
            return "SentValue[redacted]";
        }
    }

    private static ObjectNode ref(SecretStore.SecretRef secret) {
        ObjectNode response = JSON.createObjectNode();
        response.put("ARN", secret.arn());
        response.put("Name", secret.name());
        return response;
    }

    private static void stages(ArrayNode array, List<String> stages) {
        stages.forEach(array::add);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** AWS JSON 1.1 timestamps are epoch seconds with a fraction. */
    private static void putDate(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
        }
    }

    private static void respond(Exchange exchange, int status, ObjectNode body) throws IOException {
        exchange.respond(status, CONTENT_TYPE, JSON.writeValueAsBytes(body),
                Map.of("x-amzn-RequestId", UUID.randomUUID().toString()));
    }

    /** Modelled Secrets Manager errors carry {@code Message}; the front end's own ones {@code message}. */
    private static void respondError(Exchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        if (message != null) {
            body.put(type.contains("#") ? "message" : "Message", message);
        }
        respond(exchange, status, body);
    }
}
