package io.snowgate.infra.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Reads {@link InfraSettings} from CDK context ({@code cdk.json} or {@code -c key=value}). Values from
 * {@code cdk.json} may be JSON numbers or booleans, values from {@code -c} are strings: both are accepted. Likewise
 * {@code vpc} and {@code privateLink} take a JSON object or a string holding one. Every problem is a
 * {@link ContextException} naming the key.
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
    public static final String ROTATION = "rotation";
    public static final String ROTATION_SCHEDULE_DAYS = "rotationScheduleDays";
    public static final String ROTATION_REVOKE_PREVIOUS = "rotationRevokePrevious";
    public static final String ROTATION_ADMIN_SECRET_ARN = "rotationAdminSecretArn";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern STACK = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    private static final Pattern SECRET_NAME_CHARS = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern SECRET_ARN_FORMAT =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    private static final Pattern KMS_KEY_ARN_FORMAT =
            Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
    private static final Pattern TOPIC_ARN_FORMAT =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern VPC_ID_FORMAT = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID_FORMAT = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern ROUTE_TABLE_ID_FORMAT = Pattern.compile("rtb-[0-9a-f]{8,17}");
    private static final Pattern AZ_FORMAT = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+[a-z]");
    private static final Pattern HOSTED_ZONE_ID_FORMAT = Pattern.compile("Z[A-Z0-9]{1,31}");
    private static final Pattern PREFIX_LIST_ID_FORMAT = Pattern.compile("pl-[0-9a-f]{8,17}");
    private static final Pattern ENDPOINT_SERVICE_FORMAT =
            Pattern.compile("com\\.amazonaws\\.vpce\\.[a-z0-9-]+\\.vpce-svc-[0-9a-f]{8,17}");
    private static final Pattern PRIVATELINK_HOST = Pattern.compile(
            "[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\." + Pattern.quote(PrivateLinkSettings.HOSTED_ZONE_NAME));
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private final Function<String, Object> context;

    private ContextSettings(Function<String, Object> context) {
        this.context = context;
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

    private InfraSettings read() {
        String stackName = string(STACK_NAME).orElse(InfraSettings.DEFAULT_STACK_NAME);
        require(STACK, stackName, STACK_NAME, "must start with a letter and hold only letters, digits and '-'");
        Optional<String> account = string(ACCOUNT);
        account.ifPresent(a -> require(ACCOUNT_ID, a, ACCOUNT, "must be a 12-digit AWS account id"));
        Optional<String> region = string(REGION);
        region.ifPresent(r -> require(REGION_NAME, r, REGION, "must be an AWS region name such as eu-west-1"));

        SecretOrigin secret = secret();
        Optional<SecretOrigin> passphrase = passphraseSecret();
        KeySource key = key(secret, passphrase);

        int timeoutSeconds = integer(TIMEOUT_SECONDS, InfraSettings.DEFAULT_TIMEOUT_SECONDS, 1, 900);
        ApiSettings api = new ApiSettings(
                bool(API, InfraSettings.DEFAULT_API.enabled()),
                integer(API_THROTTLE_RATE, InfraSettings.DEFAULT_API.rateLimit(), 1, 10_000),
                integer(API_THROTTLE_BURST, InfraSettings.DEFAULT_API.burstLimit(), 1, 5_000),
                integer(API_TIMEOUT_SECONDS, InfraSettings.DEFAULT_API.timeoutSeconds(), 1, 30));

        return new InfraSettings(stackName, account, region, secret, passphrase, key,
                integer(MEMORY_SIZE, InfraSettings.DEFAULT_MEMORY_MB, 128, 10_240),
                timeoutSeconds,
                retention(),
                reservedConcurrency(),
                integer(SECRET_TTL_SECONDS, InfraSettings.DEFAULT_SECRET_TTL_SECONDS, 0, 86_400),
                topicArn(),
                Path.of(string(CATALOG).orElse(InfraSettings.DEFAULT_CATALOG.toString())),
                api,
                network(),
                rotation(secret, passphrase));
    }

    private NetworkSettings network() {
        Optional<VpcSettings> vpc = object(VPC).map(ContextSettings::vpc);
        Optional<PrivateLinkSettings> privateLink = object(PRIVATE_LINK).map(ContextSettings::privateLink);
        Egress egress = switch (choice(EGRESS, Egress.NONE.contextValue(), Egress.NONE.contextValue(),
                Egress.NAT.contextValue())) {
            case "nat" -> Egress.NAT;
            default -> Egress.NONE;
        };
        Optional<String> zoneId = string(PRIVATE_LINK_HOSTED_ZONE_ID);
        zoneId.ifPresent(z -> require(HOSTED_ZONE_ID_FORMAT, z, PRIVATE_LINK_HOSTED_ZONE_ID,
                "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"));
        Optional<String> prefixList = string(S3_PREFIX_LIST_ID);
        prefixList.ifPresent(p -> require(PREFIX_LIST_ID_FORMAT, p, S3_PREFIX_LIST_ID,
                "must be a managed prefix list id such as pl-6da54004"));
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
        String vpcId = field(json, VPC, VPC_ID);
        require(VPC_ID_FORMAT, vpcId, VPC, "'" + VPC_ID + "' must be a VPC id such as vpc-0a1b2c3d4e5f67890");
        List<String> subnets = ids(json, PRIVATE_SUBNET_IDS, SUBNET_ID_FORMAT, "subnet-0a1b2c3d4e5f67890");
        List<String> routeTables = ids(json, PRIVATE_SUBNET_ROUTE_TABLE_IDS, ROUTE_TABLE_ID_FORMAT,
                "rtb-0a1b2c3d4e5f67890");
        List<String> zones = ids(json, AVAILABILITY_ZONES, AZ_FORMAT, "eu-west-1a");
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

    private static List<String> ids(Map<String, Object> json, String field, Pattern format, String example) {
        if (!(json.get(field) instanceof List<?> list) || list.isEmpty()) {
            throw new ContextException(VPC, "'" + field + "' must be a non-empty list");
        }
        for (Object id : list) {
            if (!(id instanceof String text) || !format.matcher(text).matches()) {
                throw new ContextException(VPC, "'" + field + "' holds '" + id + "', expected ids such as "
                        + example);
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static PrivateLinkSettings privateLink(Map<String, Object> json) {
        String service = field(json, PRIVATE_LINK, PRIVATELINK_VPCE_ID);
        require(ENDPOINT_SERVICE_FORMAT, service, PRIVATE_LINK, "'" + PRIVATELINK_VPCE_ID
                + "' must be an endpoint service name such as com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0");
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
        String host = field(json, PRIVATE_LINK, field).toLowerCase(Locale.ROOT);
        require(PRIVATELINK_HOST, host, PRIVATE_LINK, "'" + field + "' must be a host name under "
                + PrivateLinkSettings.HOSTED_ZONE_NAME + " (as SYSTEM$GET_PRIVATELINK_CONFIG returns it)");
        return host;
    }

    private static String field(Map<String, Object> json, String key, String field) {
        Object value = json.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ContextException(key, "'" + field + "' is missing or not a string");
        }
        return text.strip();
    }

    /** A JSON object given as an object ({@code cdk.json}) or as a JSON string ({@code -c key='{...}'}). */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> object(String key) {
        Object raw = value(key);
        if (raw == null) {
            return Optional.empty();
        }
        if (raw instanceof Map<?, ?> map) {
            return Optional.of((Map<String, Object>) map);
        }
        if (raw instanceof String text) {
            try {
                if (JSON.readTree(text) instanceof ObjectNode node) {
                    return Optional.of(JSON.convertValue(node, new TypeReference<Map<String, Object>>() { }));
                }
            } catch (JsonProcessingException e) {
                // Jackson's message may quote the whole value; the key and the expectation are what matter.
                String where = e.getLocation() == null ? ""
                        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
                throw new ContextException(key, "is not valid JSON" + where);
            }
        }
        throw new ContextException(key, "must be a JSON object (or a string holding one)");
    }

    private RotationMode rotation(SecretOrigin secret, Optional<SecretOrigin> passphrase) {
        String mode = choice(ROTATION, "none", "none", "function", "managed");
        if (!mode.equals("function")) {
            for (String key : List.of(ROTATION_SCHEDULE_DAYS, ROTATION_REVOKE_PREVIOUS, ROTATION_ADMIN_SECRET_ARN)) {
                if (value(key) != null) {
                    throw new ContextException(key, "is only used with " + ROTATION + "=function");
                }
            }
        }
        return switch (mode) {
            case "none" -> new RotationMode.None();
            case "managed" -> {
                if (secret instanceof SecretOrigin.Create || passphrase.isPresent()) {
                    throw new ContextException(ROTATION, "is 'managed': import the managed rotation secret with "
                            + SECRET_MODE + "=import and keep " + PASSPHRASE_SECRET_MODE + "=none (it holds its"
                            + " own passphrase)");
                }
                yield new RotationMode.Managed();
            }
            default -> {
                Optional<String> admin = string(ROTATION_ADMIN_SECRET_ARN);
                admin.ifPresent(a -> require(SECRET_ARN_FORMAT, a, ROTATION_ADMIN_SECRET_ARN,
                        "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"));
                yield new RotationMode.Function(
                        integer(ROTATION_SCHEDULE_DAYS, InfraSettings.DEFAULT_ROTATION_DAYS, 1, 1000),
                        bool(ROTATION_REVOKE_PREVIOUS, false), admin);
            }
        };
    }

    private SecretOrigin secret() {
        String mode = choice(SECRET_MODE, "create", "create", "import");
        Optional<String> arn = string(SECRET_ARN);
        Optional<String> name = string(SECRET_NAME);
        name.ifPresent(n -> require(SECRET_NAME_CHARS, n, SECRET_NAME, "is not a valid Secrets Manager secret name"));
        if (mode.equals("create")) {
            if (arn.isPresent()) {
                throw new ContextException(SECRET_ARN, "is only used with " + SECRET_MODE + "=import");
            }
            return new SecretOrigin.Create(name.orElse(InfraSettings.DEFAULT_SECRET_NAME));
        }
        return imported(arn, name, SECRET_MODE, SECRET_ARN, SECRET_NAME);
    }

    private Optional<SecretOrigin> passphraseSecret() {
        String mode = choice(PASSPHRASE_SECRET_MODE, "none", "none", "create", "import");
        Optional<String> arn = string(PASSPHRASE_SECRET_ARN);
        Optional<String> name = string(PASSPHRASE_SECRET_NAME);
        name.ifPresent(n -> require(SECRET_NAME_CHARS, n, PASSPHRASE_SECRET_NAME,
                "is not a valid Secrets Manager secret name"));
        return switch (mode) {
            case "none" -> {
                if (arn.isPresent() || name.isPresent()) {
                    throw new ContextException(PASSPHRASE_SECRET_MODE,
                            "is 'none' but a passphrase secret ARN or name is set; use 'create' or 'import'");
                }
                yield Optional.empty();
            }
            case "create" -> {
                if (arn.isPresent()) {
                    throw new ContextException(PASSPHRASE_SECRET_ARN,
                            "is only used with " + PASSPHRASE_SECRET_MODE + "=import");
                }
                yield Optional.of(new SecretOrigin.Create(
                        name.orElse(InfraSettings.DEFAULT_PASSPHRASE_SECRET_NAME)));
            }
            default -> Optional.of(imported(arn, name, PASSPHRASE_SECRET_MODE, PASSPHRASE_SECRET_ARN,
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
            require(SECRET_ARN_FORMAT, arn.get(), arnKey,
                    "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
            return new SecretOrigin.ImportByArn(arn.get());
        }
        return new SecretOrigin.ImportByName(name.get());
    }

    private KeySource key(SecretOrigin secret, Optional<SecretOrigin> passphrase) {
        String mode = choice(KMS_KEY_MODE, "aws-managed", "aws-managed", "create", "import");
        Optional<String> arn = string(KMS_KEY_ARN);
        return switch (mode) {
            case "aws-managed" -> {
                if (arn.isPresent()) {
                    throw new ContextException(KMS_KEY_ARN, "is only used with " + KMS_KEY_MODE + "=import");
                }
                yield new KeySource.AwsManaged();
            }
            case "create" -> {
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
            default -> {
                String value = arn.orElseThrow(() -> new ContextException(KMS_KEY_ARN,
                        "is required when " + KMS_KEY_MODE + "=import"));
                require(KMS_KEY_ARN_FORMAT, value, KMS_KEY_ARN,
                        "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); aliases are not accepted");
                yield new KeySource.Import(value);
            }
        };
    }

    private RetentionDays retention() {
        if (value(LOG_RETENTION_DAYS) == null) {
            return InfraSettings.DEFAULT_LOG_RETENTION;
        }
        int days = integer(LOG_RETENTION_DAYS, 0, 1, 3653);
        RetentionDays retention = RETENTION.get(days);
        if (retention == null) {
            throw new ContextException(LOG_RETENTION_DAYS, "must be a CloudWatch Logs retention period "
                    + "(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, ... 3653), got "
                    + days);
        }
        return retention;
    }

    private OptionalInt reservedConcurrency() {
        Object raw = value(RESERVED_CONCURRENCY);
        if (raw != null && raw.toString().trim().equalsIgnoreCase("none")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(integer(RESERVED_CONCURRENCY, InfraSettings.DEFAULT_RESERVED_CONCURRENCY, 1, 1000));
    }

    private Optional<String> topicArn() {
        Optional<String> arn = string(ALARM_TOPIC_ARN);
        arn.ifPresent(a -> require(TOPIC_ARN_FORMAT, a, ALARM_TOPIC_ARN,
                "must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"));
        return arn;
    }

    private Object value(String key) {
        return context.apply(key);
    }

    private Optional<String> string(String key) {
        Object raw = value(key);
        if (raw == null) {
            return Optional.empty();
        }
        if (!(raw instanceof String) && !(raw instanceof Number)) {
            throw new ContextException(key, "must be a string");
        }
        String text = raw.toString().trim();
        if (text.isEmpty()) {
            throw new ContextException(key, "is empty; leave it out to use the default");
        }
        return Optional.of(text);
    }

    private int integer(String key, int fallback, int min, int max) {
        Object raw = value(key);
        if (raw == null) {
            return fallback;
        }
        long parsed;
        if (raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            parsed = number.longValue();
        } else {
            try {
                parsed = Long.parseLong(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw new ContextException(key, "must be a whole number between " + min + " and " + max
                        + ", got '" + raw + "'");
            }
        }
        if (parsed < min || parsed > max) {
            throw new ContextException(key, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return (int) parsed;
    }

    private boolean bool(String key, boolean fallback) {
        Object raw = value(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ContextException(key, "must be true or false, got '" + raw + "'");
        };
    }

    private String choice(String key, String fallback, String... allowed) {
        String chosen = string(key).orElse(fallback);
        for (String option : allowed) {
            if (option.equals(chosen)) {
                return chosen;
            }
        }
        throw new ContextException(key, "must be one of " + String.join(", ", allowed) + ", got '" + chosen + "'");
    }

    private static void require(Pattern pattern, String value, String key, String problem) {
        if (!pattern.matcher(value).matches()) {
            throw new ContextException(key, problem + ", got '" + value + "'");
        }
    }
}
