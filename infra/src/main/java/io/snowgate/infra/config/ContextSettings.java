package io.snowgate.infra.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.snowgate.contract.FunctionSizing;
import io.snowgate.contract.snowflake.AccountName;
import io.snowgate.infra.config.ContextValues.Format;
import software.amazon.awscdk.regioninfo.RegionInfo;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Reads {@link InfraSettings} from CDK context ({@code cdk.json} or {@code -c key=value}): the context keys, their
 * defaults and the rules between keys. Each value is read by {@link ContextValues} (so {@code cdk.json}'s JSON numbers,
 * booleans and objects and {@code -c}'s strings are both accepted), each mode by its enum ({@link SecretMode},
 * {@link PassphraseSecretMode}, {@link KmsKeyMode}, {@link Rotator}, {@link Egress}, {@link FunctionStartup}). Every
 * problem is a {@link ContextException} naming the key.
 */
public final class ContextSettings {

    public static final String STACK_NAME = "stackName";
    public static final String ACCOUNT = "account";
    public static final String REGION = "region";
    public static final String SECRET_MODE = "secretMode";
    public static final String SECRET_NAME = "secretName";
    public static final String SECRET_ARN = "secretArn";
    public static final String PASSPHRASE_SECRET_MODE = "passphraseSecretMode";
    public static final String PASSPHRASE_SECRET_NAME = "passphraseSecretName";
    public static final String PASSPHRASE_SECRET_ARN = "passphraseSecretArn";
    public static final String KMS_KEY_MODE = "kmsKeyMode";
    public static final String KMS_KEY_ARN = "kmsKeyArn";
    public static final String MEMORY_SIZE = "memorySize";
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String RESERVED_CONCURRENCY = "reservedConcurrency";
    public static final String SECRET_TTL_SECONDS = "secretTtlSeconds";
    public static final String ALARM_TOPIC_ARN = "alarmTopicArn";
    public static final String CATALOG = "catalog";
    public static final String API = "api";
    public static final String API_THROTTLE_RATE = "apiThrottleRate";
    public static final String API_THROTTLE_BURST = "apiThrottleBurst";
    public static final String API_TIMEOUT_SECONDS = "apiTimeoutSeconds";
    public static final String VPC = "vpc";
    public static final String PRIVATE_LINK = "privateLink";
    public static final String PRIVATE_LINK_HOSTED_ZONE_ID = "privateLinkHostedZoneId";
    public static final String S3_PREFIX_LIST_ID = "s3PrefixListId";
    public static final String EGRESS = "egress";
    public static final String ROTATION = "rotation";
    public static final String ROTATION_SCHEDULE_DAYS = "rotationScheduleDays";
    public static final String ROTATION_REVOKE_PREVIOUS = "rotationRevokePrevious";
    public static final String ROTATION_ADMIN_SECRET_ARN = "rotationAdminSecretArn";
    public static final String AUTH = "auth";
    public static final String SNOWFLAKE_ACCOUNT = "snowflakeAccount";
    public static final String SNOWFLAKE_USER = "snowflakeUser";
    public static final String SNOWFLAKE_WAREHOUSE = "snowflakeWarehouse";
    public static final String SNOWFLAKE_DATABASE = "snowflakeDatabase";
    public static final String SNOWFLAKE_SCHEMA = "snowflakeSchema";
    public static final String STARTUP = "startup";
    public static final String SNOWFLAKE_ROLE = "snowflakeRole";
    public static final String WORKLOAD_IDENTITY_METHOD = "workloadIdentityMethod";
    public static final String WORKLOAD_IDENTITY_ISSUER = "workloadIdentityIssuer";

    /** Every key {@link #read} reads. */
    static final List<String> KEYS = List.of(STACK_NAME, ACCOUNT, REGION, SECRET_MODE, SECRET_NAME, SECRET_ARN,
            PASSPHRASE_SECRET_MODE, PASSPHRASE_SECRET_NAME, PASSPHRASE_SECRET_ARN, KMS_KEY_MODE, KMS_KEY_ARN,
            MEMORY_SIZE, TIMEOUT_SECONDS, LOG_RETENTION_DAYS, RESERVED_CONCURRENCY, SECRET_TTL_SECONDS,
            ALARM_TOPIC_ARN, CATALOG, API, API_THROTTLE_RATE, API_THROTTLE_BURST, API_TIMEOUT_SECONDS, VPC,
            PRIVATE_LINK, PRIVATE_LINK_HOSTED_ZONE_ID, S3_PREFIX_LIST_ID, EGRESS, ROTATION, ROTATION_SCHEDULE_DAYS,
            ROTATION_REVOKE_PREVIOUS, ROTATION_ADMIN_SECRET_ARN, AUTH, SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER,
            SNOWFLAKE_WAREHOUSE, SNOWFLAKE_DATABASE, SNOWFLAKE_SCHEMA, STARTUP, SNOWFLAKE_ROLE,
            WORKLOAD_IDENTITY_METHOD, WORKLOAD_IDENTITY_ISSUER);
    // A key of ours is one camelCase word; CDK's own keys have '@', ':' or '-' (cli-telemetry, aws:cdk:...,
    // @aws-cdk/..., lookups such as availability-zones:account=...:region=...).
    private static final Pattern OUR_KEY_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /** What only a key pair kept in Secrets Manager uses: refused with {@code auth=workload-identity}. */
    private static final List<String> KEY_PAIR_KEYS = List.of(SECRET_MODE, SECRET_NAME, SECRET_ARN,
            PASSPHRASE_SECRET_MODE, PASSPHRASE_SECRET_NAME, PASSPHRASE_SECRET_ARN, KMS_KEY_MODE, KMS_KEY_ARN,
            SECRET_TTL_SECONDS, ROTATION, ROTATION_SCHEDULE_DAYS, ROTATION_REVOKE_PREVIOUS, ROTATION_ADMIN_SECRET_ARN);
    /** What only workload identity mode uses: refused with a key pair, whose secret holds the connection. */
    private static final List<String> WORKLOAD_IDENTITY_KEYS = List.of(SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER,
            SNOWFLAKE_WAREHOUSE, SNOWFLAKE_DATABASE, SNOWFLAKE_SCHEMA, SNOWFLAKE_ROLE, WORKLOAD_IDENTITY_METHOD,
            WORKLOAD_IDENTITY_ISSUER);

    // The fields of the vpc object and of SYSTEM$GET_PRIVATELINK_CONFIG's JSON this app reads.
    static final String VPC_ID = "vpcId";
    static final String PRIVATE_SUBNET_IDS = "privateSubnetIds";
    static final String PRIVATE_SUBNET_ROUTE_TABLE_IDS = "privateSubnetRouteTableIds";
    static final String AVAILABILITY_ZONES = "availabilityZones";
    static final String PRIVATELINK_VPCE_ID = "privatelink-vpce-id";
    static final String PRIVATELINK_ACCOUNT_URL = "privatelink-account-url";
    // Snowflake has returned both spellings of the OCSP key.
    static final List<String> PRIVATELINK_OCSP_URL = List.of("privatelink-ocsp-url", "privatelink_ocsp-url");
    static final String REGIONLESS_ACCOUNT_URL = "regionless-privatelink-account-url";
    static final String REGIONLESS_OCSP_URL = "regionless-privatelink-ocsp-url";

    // CloudWatch Logs accepts only these retention periods.
    private static final Map<Integer, RetentionDays> RETENTION = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1096, RetentionDays.THREE_YEARS),
            Map.entry(1827, RetentionDays.FIVE_YEARS), Map.entry(2192, RetentionDays.SIX_YEARS),
            Map.entry(2557, RetentionDays.SEVEN_YEARS), Map.entry(2922, RetentionDays.EIGHT_YEARS),
            Map.entry(3288, RetentionDays.NINE_YEARS), Map.entry(3653, RetentionDays.TEN_YEARS));

    private final ContextValues values;

    private ContextSettings(Function<String, Object> context) {
        this.values = new ContextValues(context);
    }

    /**
     * Reads and validates the settings.
     *
     * @param context looks a context key up; returns null when the key is not set
     * @throws ContextException naming the first invalid key
     */
    public static InfraSettings read(Function<String, Object> context) {
        return new ContextSettings(context).read();
    }

    /**
     * Refuses a context key that is not one of ours but looks like one: CDK ignores context nobody reads, so a
     * misspelt key ({@code -c rotaton=function}, {@code memorysize}, {@code secret-mode}) deployed its default
     * silently. Keys of CDK itself and of its lookups are left alone.
     *
     * @param keys    every key the context holds
     * @param appKeys keys the app reads itself, besides {@link #read}'s
     * @throws ContextException naming the first unknown key, and the key it probably means
     */
    public static void refuseUnknownKeys(Collection<String> keys, Collection<String> appKeys) {
        List<String> known = new ArrayList<>(KEYS);
        known.addAll(appKeys);
        for (String key : keys) {
            if (known.contains(key)) {
                continue;
            }
            // The same key in another case or spelling (secret-mode), or one or two letters off (rotaton).
            Optional<String> meant = known.stream()
                    .filter(k -> normalised(k).equals(normalised(key)) || distance(k, key) <= (k.length() < 6 ? 1 : 2))
                    .min(Comparator.comparingInt(k -> distance(k, key)));
            if (meant.isPresent()) {
                throw new ContextException(key, "is not a Snowgate setting and would be ignored; did you mean '"
                        + meant.get() + "'?");
            }
            if (OUR_KEY_SHAPE.matcher(key).matches()) {
                throw new ContextException(key, "is not a Snowgate setting and would be ignored (README, \"Configure\","
                        + " lists them)");
            }
        }
    }

    private static String normalised(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, ignoring case. */
    private static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    private InfraSettings read() {
        String stackName = values.string(STACK_NAME).orElse(InfraSettings.DEFAULT_STACK_NAME);
        Format.STACK_NAME.check(STACK_NAME, stackName);
        Optional<String> account = values.string(ACCOUNT);
        account.ifPresent(a -> Format.ACCOUNT_ID.check(ACCOUNT, a));
        Optional<String> region = values.string(REGION);
        region.ifPresent(r -> Format.REGION_NAME.check(REGION, r));

        AuthMode auth = values.choice(AUTH, AuthMode.KEYPAIR, AuthMode::parse);
        Optional<WorkloadIdentitySettings> workloadIdentity = auth == AuthMode.WORKLOAD_IDENTITY
                ? Optional.of(workloadIdentity()) : Optional.empty();
        if (auth == AuthMode.KEYPAIR) {
            refuseSet(WORKLOAD_IDENTITY_KEYS, "is only used with " + AUTH + "=workload-identity; with a key pair the"
                    + " secret holds the account, user and session context");
        }
        SecretOrigin secret = secret(stackName);
        Optional<SecretOrigin> passphrase = passphraseSecret(stackName);
        KeySource key = key(secret, passphrase);

        int timeoutSeconds = values.integer(TIMEOUT_SECONDS, InfraSettings.DEFAULT_TIMEOUT_SECONDS, 1,
                FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS);
        ApiSettings api = new ApiSettings(
                values.bool(API, InfraSettings.DEFAULT_API.enabled()),
                values.integer(API_THROTTLE_RATE, InfraSettings.DEFAULT_API.rateLimit(), 1, 10_000),
                values.integer(API_THROTTLE_BURST, InfraSettings.DEFAULT_API.burstLimit(), 1, 5_000),
                values.integer(API_TIMEOUT_SECONDS, InfraSettings.DEFAULT_API.timeoutSeconds(), 1, 30));

        InfraSettings settings = new InfraSettings(stackName, account, region, secret, passphrase, key,
                values.integer(MEMORY_SIZE, InfraSettings.DEFAULT_MEMORY_MB, 128, 10_240),
                timeoutSeconds,
                retention(),
                reservedConcurrency(),
                values.integer(SECRET_TTL_SECONDS, InfraSettings.DEFAULT_SECRET_TTL_SECONDS, 0, 86_400),
                topicArn(),
                Path.of(values.string(CATALOG).orElse(InfraSettings.DEFAULT_CATALOG.toString())),
                api,
                network(),
                rotation(secret, passphrase),
                workloadIdentity,
                values.choice(STARTUP, FunctionStartup.SNAPSTART, FunctionStartup::parse));
        region.ifPresent(stackRegion -> requireStackRegion(stackRegion, settings));
        return settings;
    }

    /**
     * Refuses a secret, key or endpoint service from another region than the stack's, and zones of another region.
     * Secrets Manager and KMS are regional: the function reads a secret in its own region only (a replica has its own
     * ARN), and a secret's key is in the secret's region; an interface endpoint reaches a service in its VPC's region.
     * Such a value would deploy and then fail every invocation, or fail the endpoint at deploy time. Only possible
     * when {@code region} is set; an environment-agnostic stack learns its region at deploy time.
     */
    private static void requireStackRegion(String stackRegion, InfraSettings settings) {
        if (settings.secret() instanceof SecretOrigin.ImportByArn imported) {
            requireArnRegion(SECRET_ARN, imported.arn(), stackRegion);
        }
        if (settings.passphraseSecret().orElse(null) instanceof SecretOrigin.ImportByArn imported) {
            requireArnRegion(PASSPHRASE_SECRET_ARN, imported.arn(), stackRegion);
        }
        if (settings.key() instanceof KeySource.Import imported) {
            requireArnRegion(KMS_KEY_ARN, imported.arn(), stackRegion);
        }
        if (settings.rotation() instanceof RotationMode.Function rotating) {
            rotating.adminSecretArn().ifPresent(arn -> requireArnRegion(ROTATION_ADMIN_SECRET_ARN, arn, stackRegion));
        }
        settings.alarmTopicArn().ifPresent(arn -> requireArnRegion(ALARM_TOPIC_ARN, arn, stackRegion,
                "CloudWatch alarms notify a topic of their own region only"));
        settings.network().privateLink().ifPresent(link -> {
            // com.amazonaws.vpce.REGION.vpce-svc-...
            String serviceRegion = link.endpointServiceName().split("\\.")[3];
            if (!serviceRegion.equals(stackRegion)) {
                throw new ContextException(PRIVATE_LINK, "'" + PRIVATELINK_VPCE_ID + "' is in " + serviceRegion
                        + ", not in the stack's region " + stackRegion + " ('" + REGION + "')");
            }
        });
        settings.network().vpc().ifPresent(vpc -> vpc.availabilityZones().stream()
                .filter(zone -> !zone.startsWith(stackRegion))
                .findFirst()
                .ifPresent(zone -> {
                    throw new ContextException(VPC, "'" + AVAILABILITY_ZONES + "' holds " + zone
                            + ", not a zone of the stack's region " + stackRegion + " ('" + REGION + "')");
                }));
    }

    private static void requireArnRegion(String key, String arn, String stackRegion) {
        requireArnRegion(key, arn, stackRegion, "the functions can use only a secret and key of their own region");
    }

    private static void requireArnRegion(String key, String arn, String stackRegion, String why) {
        // arn:PARTITION:SERVICE:REGION:ACCOUNT:...
        String[] parts = arn.split(":");
        String arnRegion = parts[3];
        if (!arnRegion.equals(stackRegion)) {
            throw new ContextException(key, "is in " + arnRegion + ", not in the stack's region " + stackRegion
                    + " ('" + REGION + "'): " + why);
        }
        // The region name alone does not make the ARN usable: arn:aws-cn:...:eu-west-1 names nothing in eu-west-1.
        // A region CDK does not know yet has no partition here, and is not checked.
        String stackPartition = RegionInfo.get(stackRegion).getPartition();
        if (stackPartition != null && !parts[1].equals(stackPartition)) {
            throw new ContextException(key, "is in partition " + parts[1] + ", not in the stack's region "
                    + stackRegion + "'s partition " + stackPartition + " ('" + REGION + "'): ARNs there begin arn:"
                    + stackPartition + ":");
        }
    }

    /**
     * Workload identity mode's settings; a key pair's secret, passphrase, key and rotation settings are refused, since
     * nothing would use them.
     */
    private WorkloadIdentitySettings workloadIdentity() {
        refuseSet(KEY_PAIR_KEYS, "makes no sense with " + AUTH + "=workload-identity: the functions sign in with their"
                + " own IAM roles, so there is no key, passphrase, secret or KMS key to create, read or rotate; remove"
                + " it");
        String account = values.string(SNOWFLAKE_ACCOUNT).orElseThrow(() -> new ContextException(SNOWFLAKE_ACCOUNT,
                "is required with " + AUTH + "=workload-identity"));
        Format.SNOWFLAKE_ACCOUNT.check(SNOWFLAKE_ACCOUNT, account);
        try {
            // As the function reads it at start-up, region table included: what synth passes, the function takes.
            AccountName.parse(account);
        } catch (IllegalArgumentException e) {
            throw new ContextException(SNOWFLAKE_ACCOUNT, "is not a Snowflake account identifier: " + e.getMessage()
                    + "; " + AccountName.EXPECTED_FORMS + ", got '" + account + "'");
        }
        String user = values.string(SNOWFLAKE_USER).orElseThrow(() -> new ContextException(SNOWFLAKE_USER,
                "is required with " + AUTH + "=workload-identity"));
        Format.SNOWFLAKE_IDENTIFIER.check(SNOWFLAKE_USER, user);
        Optional<String> warehouse = identifier(SNOWFLAKE_WAREHOUSE);
        Optional<String> database = identifier(SNOWFLAKE_DATABASE);
        Optional<String> schema = identifier(SNOWFLAKE_SCHEMA);
        Optional<String> role = identifier(SNOWFLAKE_ROLE);
        AttestationMethod method = values.choice(WORKLOAD_IDENTITY_METHOD, AttestationMethod.CALLER_IDENTITY,
                AttestationMethod::parse);
        Optional<String> issuer = values.string(WORKLOAD_IDENTITY_ISSUER);
        issuer.ifPresent(i -> Format.OUTBOUND_ISSUER.check(WORKLOAD_IDENTITY_ISSUER, i));
        if (method == AttestationMethod.WEB_IDENTITY_TOKEN && issuer.isEmpty()) {
            throw new ContextException(WORKLOAD_IDENTITY_ISSUER, "is required with " + WORKLOAD_IDENTITY_METHOD
                    + "=web-identity-token: the Snowflake user must name it as ISSUER (aws iam"
                    + " get-outbound-web-identity-federation-info prints it)");
        }
        if (method == AttestationMethod.CALLER_IDENTITY && issuer.isPresent()) {
            throw new ContextException(WORKLOAD_IDENTITY_ISSUER, "is only used with " + WORKLOAD_IDENTITY_METHOD
                    + "=web-identity-token");
        }
        return new WorkloadIdentitySettings(account, user, warehouse, database, schema, role, method, issuer);
    }

    private Optional<String> identifier(String key) {
        Optional<String> value = values.string(key);
        value.ifPresent(v -> Format.SNOWFLAKE_IDENTIFIER.check(key, v));
        return value;
    }

    private void refuseSet(List<String> keys, String problem) {
        for (String key : keys) {
            if (values.isSet(key)) {
                throw new ContextException(key, problem);
            }
        }
    }

    private NetworkSettings network() {
        Optional<VpcSettings> vpc = values.object(VPC).map(ContextSettings::vpc);
        Optional<PrivateLinkSettings> privateLink = values.object(PRIVATE_LINK).map(ContextSettings::privateLink);
        Egress egress = values.choice(EGRESS, Egress.NONE, Egress::parse);
        Optional<String> zoneId = values.string(PRIVATE_LINK_HOSTED_ZONE_ID);
        zoneId.ifPresent(z -> Format.HOSTED_ZONE_ID.check(PRIVATE_LINK_HOSTED_ZONE_ID, z));
        Optional<String> prefixList = values.string(S3_PREFIX_LIST_ID);
        prefixList.ifPresent(p -> Format.PREFIX_LIST_ID.check(S3_PREFIX_LIST_ID, p));
        if (privateLink.isEmpty()) {
            zoneId.ifPresent(z -> {
                throw new ContextException(PRIVATE_LINK_HOSTED_ZONE_ID, "is only used with '" + PRIVATE_LINK + "'");
            });
            prefixList.ifPresent(p -> {
                throw new ContextException(S3_PREFIX_LIST_ID, "is only used with '" + PRIVATE_LINK + "'");
            });
        }
        NetworkSettings network = new NetworkSettings(vpc, privateLink, zoneId, prefixList, egress);
        if (vpc.isPresent() && !network.inVpc()) {
            throw new ContextException(VPC, "is set but neither '" + PRIVATE_LINK + "' nor '" + EGRESS
                    + "'=nat is, so the functions would have no route to Snowflake; set one of them");
        }
        return network;
    }

    private static VpcSettings vpc(Map<String, Object> json) {
        String vpcId = ContextValues.field(json, VPC, VPC_ID);
        Format.VPC_ID.check(VPC, VPC_ID, vpcId);
        List<String> subnets = ContextValues.ids(json, VPC, PRIVATE_SUBNET_IDS, ContextValues.SUBNET_ID,
                "subnet-0a1b2c3d4e5f67890");
        List<String> routeTables = ContextValues.ids(json, VPC, PRIVATE_SUBNET_ROUTE_TABLE_IDS,
                ContextValues.ROUTE_TABLE_ID, "rtb-0a1b2c3d4e5f67890");
        List<String> zones = ContextValues.ids(json, VPC, AVAILABILITY_ZONES, ContextValues.AVAILABILITY_ZONE,
                "eu-west-1a");
        if (zones.size() != subnets.size() || routeTables.size() != subnets.size()) {
            throw new ContextException(VPC, "needs one private subnet per availability zone, each with its route "
                    + "table: got " + subnets.size() + " '" + PRIVATE_SUBNET_IDS + "', " + routeTables.size() + " '"
                    + PRIVATE_SUBNET_ROUTE_TABLE_IDS + "' and " + zones.size() + " '" + AVAILABILITY_ZONES + "'");
        }
        if (Set.copyOf(zones).size() != zones.size()) {
            throw new ContextException(VPC, "'" + AVAILABILITY_ZONES + "' lists a zone twice: " + zones);
        }
        return new VpcSettings(vpcId, subnets, routeTables, zones);
    }

    private static PrivateLinkSettings privateLink(Map<String, Object> json) {
        String service = ContextValues.field(json, PRIVATE_LINK, PRIVATELINK_VPCE_ID);
        Format.ENDPOINT_SERVICE.check(PRIVATE_LINK, PRIVATELINK_VPCE_ID, service);
        String ocspKey = PRIVATELINK_OCSP_URL.stream().filter(json::containsKey).findFirst()
                .orElse(PRIVATELINK_OCSP_URL.get(0));
        return new PrivateLinkSettings(service,
                host(json, PRIVATELINK_ACCOUNT_URL),
                host(json, ocspKey),
                json.containsKey(REGIONLESS_ACCOUNT_URL)
                        ? Optional.of(host(json, REGIONLESS_ACCOUNT_URL)) : Optional.empty(),
                json.containsKey(REGIONLESS_OCSP_URL)
                        ? Optional.of(host(json, REGIONLESS_OCSP_URL)) : Optional.empty());
    }

    private static String host(Map<String, Object> json, String field) {
        String host = ContextValues.field(json, PRIVATE_LINK, field).toLowerCase(Locale.ROOT);
        Format.PRIVATELINK_HOST.check(PRIVATE_LINK, field, host);
        return host;
    }

    private RotationMode rotation(SecretOrigin secret, Optional<SecretOrigin> passphrase) {
        Rotator rotator = values.choice(ROTATION, Rotator.NONE, Rotator::parse);
        if (rotator != Rotator.FUNCTION) {
            for (String key : List.of(ROTATION_SCHEDULE_DAYS, ROTATION_REVOKE_PREVIOUS, ROTATION_ADMIN_SECRET_ARN)) {
                if (values.isSet(key)) {
                    throw new ContextException(key, "is only used with " + ROTATION + "=function");
                }
            }
        }
        return switch (rotator) {
            case NONE -> new RotationMode.None();
            case MANAGED -> {
                if (secret instanceof SecretOrigin.Create || passphrase.isPresent()) {
                    throw new ContextException(ROTATION, "is 'managed': import the managed rotation secret with "
                            + SECRET_MODE + "=import and keep " + PASSPHRASE_SECRET_MODE + "=none (it holds its"
                            + " own passphrase)");
                }
                yield new RotationMode.Managed();
            }
            case FUNCTION -> {
                Optional<String> admin = values.string(ROTATION_ADMIN_SECRET_ARN);
                admin.ifPresent(a -> Format.SECRET_ARN.check(ROTATION_ADMIN_SECRET_ARN, a));
                yield new RotationMode.Function(
                        values.integer(ROTATION_SCHEDULE_DAYS, InfraSettings.DEFAULT_ROTATION_DAYS, 1, 1000),
                        values.bool(ROTATION_REVOKE_PREVIOUS, false), admin);
            }
        };
    }

    private SecretOrigin secret(String stackName) {
        SecretMode mode = values.choice(SECRET_MODE, SecretMode.CREATE, SecretMode::parse);
        Optional<String> arn = values.string(SECRET_ARN);
        Optional<String> name = values.string(SECRET_NAME);
        name.ifPresent(n -> Format.SECRET_NAME.check(SECRET_NAME, n));
        return switch (mode) {
            case CREATE -> {
                if (arn.isPresent()) {
                    throw new ContextException(SECRET_ARN, "is only used with " + SECRET_MODE + "=import");
                }
                yield new SecretOrigin.Create(name.orElseGet(() -> InfraSettings.defaultSecretName(stackName)));
            }
            case IMPORT -> imported(arn, name, SECRET_MODE, SECRET_ARN, SECRET_NAME);
        };
    }

    private Optional<SecretOrigin> passphraseSecret(String stackName) {
        PassphraseSecretMode mode =
                values.choice(PASSPHRASE_SECRET_MODE, PassphraseSecretMode.NONE, PassphraseSecretMode::parse);
        Optional<String> arn = values.string(PASSPHRASE_SECRET_ARN);
        Optional<String> name = values.string(PASSPHRASE_SECRET_NAME);
        name.ifPresent(n -> Format.SECRET_NAME.check(PASSPHRASE_SECRET_NAME, n));
        return switch (mode) {
            case NONE -> {
                if (arn.isPresent() || name.isPresent()) {
                    throw new ContextException(PASSPHRASE_SECRET_MODE,
                            "is 'none' but a passphrase secret ARN or name is set; use 'create' or 'import'");
                }
                yield Optional.empty();
            }
            case CREATE -> {
                if (arn.isPresent()) {
                    throw new ContextException(PASSPHRASE_SECRET_ARN,
                            "is only used with " + PASSPHRASE_SECRET_MODE + "=import");
                }
                yield Optional.of(new SecretOrigin.Create(
                        name.orElseGet(() -> InfraSettings.defaultPassphraseSecretName(stackName))));
            }
            case IMPORT -> Optional.of(imported(arn, name, PASSPHRASE_SECRET_MODE, PASSPHRASE_SECRET_ARN,
                    PASSPHRASE_SECRET_NAME));
        };
    }

    private static SecretOrigin imported(Optional<String> arn, Optional<String> name, String modeKey, String arnKey,
                                         String nameKey) {
        if (arn.isPresent() == name.isPresent()) {
            throw new ContextException(modeKey, "is 'import': set exactly one of '" + arnKey + "' or '" + nameKey
                    + "'");
        }
        if (arn.isPresent()) {
            Format.SECRET_ARN.check(arnKey, arn.get());
            return new SecretOrigin.ImportByArn(arn.get());
        }
        return new SecretOrigin.ImportByName(name.get());
    }

    private KeySource key(SecretOrigin secret, Optional<SecretOrigin> passphrase) {
        KmsKeyMode mode = values.choice(KMS_KEY_MODE, KmsKeyMode.AWS_MANAGED, KmsKeyMode::parse);
        Optional<String> arn = values.string(KMS_KEY_ARN);
        return switch (mode) {
            case AWS_MANAGED -> {
                if (arn.isPresent()) {
                    throw new ContextException(KMS_KEY_ARN, "is only used with " + KMS_KEY_MODE + "=import");
                }
                yield new KeySource.AwsManaged();
            }
            case CREATE -> {
                boolean anyImported = !(secret instanceof SecretOrigin.Create)
                        || passphrase.filter(p -> !(p instanceof SecretOrigin.Create)).isPresent();
                if (anyImported) {
                    throw new ContextException(KMS_KEY_MODE, "'create' only encrypts secrets this stack creates; "
                            + "for imported secrets use 'import' with '" + KMS_KEY_ARN + "' (the key they use)");
                }
                if (arn.isPresent()) {
                    throw new ContextException(KMS_KEY_ARN, "is only used with " + KMS_KEY_MODE + "=import");
                }
                yield new KeySource.Create();
            }
            case IMPORT -> {
                String value = arn.orElseThrow(() -> new ContextException(KMS_KEY_ARN,
                        "is required when " + KMS_KEY_MODE + "=import"));
                Format.KMS_KEY_ARN.check(KMS_KEY_ARN, value);
                yield new KeySource.Import(value);
            }
        };
    }

    private RetentionDays retention() {
        if (!values.isSet(LOG_RETENTION_DAYS)) {
            return InfraSettings.DEFAULT_LOG_RETENTION;
        }
        int days = values.integer(LOG_RETENTION_DAYS, 0, 1, 3653);
        RetentionDays retention = RETENTION.get(days);
        if (retention == null) {
            throw new ContextException(LOG_RETENTION_DAYS, "must be a CloudWatch Logs retention period "
                    + "(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, ... 3653), got "
                    + days);
        }
        return retention;
    }

    private OptionalInt reservedConcurrency() {
        Object raw = values.raw(RESERVED_CONCURRENCY);
        if (raw != null && raw.toString().trim().equalsIgnoreCase("none")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(values.integer(RESERVED_CONCURRENCY, InfraSettings.DEFAULT_RESERVED_CONCURRENCY, 1,
                1000));
    }

    private Optional<String> topicArn() {
        Optional<String> arn = values.string(ALARM_TOPIC_ARN);
        arn.ifPresent(a -> Format.TOPIC_ARN.check(ALARM_TOPIC_ARN, a));
        return arn;
    }
}
