package io.snowgate.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awscdk.services.logs.RetentionDays;

class ContextSettingsTest {

    private static InfraSettings read(Map<String, Object> context) {
        return ContextSettings.read(new HashMap<>(context)::get);
    }

    private static void assertRejected(Map<String, Object> context, String key, String problem) {
        assertThatThrownBy(() -> read(context))
                .isInstanceOf(ContextException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ContextException) e).contextKey()).isEqualTo(key));
    }

    @Test
    void emptyContext_givesTheDocumentedDefaults() {
        assertThat(read(Map.of())).isEqualTo(InfraSettings.defaults());
    }

    @Test
    void values_areAcceptedAsJsonNumbersAndBooleans_orAsCommandLineStrings() {
        InfraSettings fromJson = read(Map.of("memorySize", 2048, "timeoutSeconds", 120, "logRetentionDays", 90,
                "reservedConcurrency", 8, "api", false, "apiThrottleRate", 3));
        InfraSettings fromCommandLine = read(Map.of("memorySize", "2048", "timeoutSeconds", "120",
                "logRetentionDays", "90", "reservedConcurrency", "8", "api", "false", "apiThrottleRate", "3"));
        assertThat(fromJson).isEqualTo(fromCommandLine);
        assertThat(fromJson.memorySizeMb()).isEqualTo(2048);
        assertThat(fromJson.timeoutSeconds()).isEqualTo(120);
        assertThat(fromJson.logRetention()).isEqualTo(RetentionDays.THREE_MONTHS);
        assertThat(fromJson.reservedConcurrency()).isEqualTo(OptionalInt.of(8));
        assertThat(fromJson.api()).isEqualTo(new ApiSettings(false, 3, 20, 29));
    }

    @Test
    void startup_isSnapStartByDefault_andAotCacheOnRequest_andAnythingElseIsRefusedNamingTheChoices() {
        assertThat(read(Map.of()).startup()).isEqualTo(FunctionStartup.SNAPSTART);
        assertThat(read(Map.of("startup", "aot-cache")).startup()).isEqualTo(FunctionStartup.AOT_CACHE);
        assertThat(read(Map.of("startup", "aot-cache"))).isEqualTo(
                InfraSettings.defaults().withStartup(FunctionStartup.AOT_CACHE));
        assertRejected(Map.of("startup", "crac"), "startup", "must be one of snapstart, aot-cache, got 'crac'");
    }

    @Test
    void importModes_readArnsNamesAndTheCustomerKey() {
        InfraSettings settings = read(Map.of(
                "secretMode", "import",
                "secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf",
                "passphraseSecretMode", "import", "passphraseSecretName", "snowgate/prod-passphrase",
                "kmsKeyMode", "import",
                "kmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops-alarms",
                "account", "123456789012", "region", "eu-west-1", "catalog", "config/prod-catalog.yaml"));
        assertThat(settings.secret()).isEqualTo(new SecretOrigin.ImportByArn(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf"));
        assertThat(settings.passphraseSecret())
                .contains(new SecretOrigin.ImportByName("snowgate/prod-passphrase"));
        assertThat(settings.key()).isEqualTo(new KeySource.Import(
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(settings.alarmTopicArn()).contains("arn:aws:sns:eu-west-1:123456789012:ops-alarms");
        assertThat(settings.account()).contains("123456789012");
        assertThat(settings.region()).contains("eu-west-1");
        assertThat(settings.catalogFile()).isEqualTo(Path.of("config/prod-catalog.yaml"));
    }

    @Test
    void createModes_nameTheSecretsAndCreateTheKey() {
        InfraSettings settings = read(Map.of("secretName", "team/snowflake", "passphraseSecretMode", "create",
                "kmsKeyMode", "create", "reservedConcurrency", "none"));
        assertThat(settings.secret()).isEqualTo(new SecretOrigin.Create("team/snowflake"));
        assertThat(settings.passphraseSecret()).isEqualTo(Optional.of(
                new SecretOrigin.Create(InfraSettings.DEFAULT_PASSPHRASE_SECRET_NAME)));
        assertThat(settings.key()).isEqualTo(new KeySource.Create());
        assertThat(settings.reservedConcurrency()).isEmpty();
    }

    @Test
    void secretsCreatedWithoutAName_areNamedAfterTheStack_soTwoStacksInOneRegionDoNotCollide() {
        assertThat(read(Map.of("passphraseSecretMode", "create"))).satisfies(settings -> {
            assertThat(settings.secret()).isEqualTo(new SecretOrigin.Create("snowgate/snowflake"));
            assertThat(settings.passphraseSecret()).contains(new SecretOrigin.Create("snowgate/snowflake-passphrase"));
        });
        assertThat(read(Map.of("stackName", "SnowgateDev", "passphraseSecretMode", "create"))).satisfies(settings -> {
            assertThat(settings.secret()).isEqualTo(new SecretOrigin.Create("snowgatedev/snowflake"));
            assertThat(settings.passphraseSecret())
                    .contains(new SecretOrigin.Create("snowgatedev/snowflake-passphrase"));
        });
    }

    @Test
    void numbersOutOfRangeOrNotNumbers_areRejectedNamingTheKey() {
        assertRejected(Map.of("memorySize", "lots"), "memorySize", "whole number");
        assertRejected(Map.of("memorySize", 64), "memorySize", "between 128 and 10240");
        assertRejected(Map.of("timeoutSeconds", 901), "timeoutSeconds", "between 1 and 900");
        assertRejected(Map.of("apiTimeoutSeconds", 31), "apiTimeoutSeconds", "between 1 and 30");
        assertRejected(Map.of("reservedConcurrency", 0), "reservedConcurrency", "between 1 and 1000");
        assertRejected(Map.of("logRetentionDays", 8), "logRetentionDays", "retention period");
        assertRejected(Map.of("secretTtlSeconds", -1), "secretTtlSeconds", "between 0 and 86400");
    }

    @Test
    void malformedNamesAndArns_areRejectedNamingTheKey() {
        assertRejected(Map.of("account", "12345"), "account", "12-digit");
        assertRejected(Map.of("region", "Europe"), "region", "region name");
        assertRejected(Map.of("stackName", "1st"), "stackName", "start with a letter");
        assertRejected(Map.of("secretMode", "import", "secretArn", "arn:aws:s3:::bucket"), "secretArn",
                "secret's complete ARN");
        assertRejected(Map.of("secretMode", "import",
                "secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod"), "secretArn",
                "ending in the six characters Secrets Manager appends to the name");
        assertRejected(Map.of("kmsKeyMode", "import", "kmsKeyArn", "alias/snowgate"), "kmsKeyArn",
                "KMS key ARN");
        assertRejected(Map.of("alarmTopicArn", "ops-alarms"), "alarmTopicArn", "SNS topic ARN");
        assertRejected(Map.of("api", "maybe"), "api", "true or false");
        assertRejected(Map.of("catalog", " "), "catalog", "empty");
    }

    @Test
    void inconsistentModes_areRejectedNamingTheKey() {
        assertRejected(Map.of("secretMode", "fetch"), "secretMode", "one of create, import");
        assertRejected(Map.of("secretMode", "import"), "secretMode", "exactly one of 'secretArn' or 'secretName'");
        assertRejected(Map.of("secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf"),
                "secretArn", "only used with secretMode=import");
        assertRejected(Map.of("passphraseSecretName", "x"), "passphraseSecretMode", "is 'none'");
        assertRejected(Map.of("kmsKeyMode", "import"), "kmsKeyArn", "required");
        assertRejected(Map.of("kmsKeyMode", "create", "secretMode", "import", "secretName", "existing"),
                "kmsKeyMode", "only encrypts secrets this stack creates");
    }

    @Test
    void everyMode_rejectsAnUnknownValue_namingEveryAllowedOne() {
        assertRejected(Map.of("secretMode", "fetch"), "secretMode", "must be one of create, import, got 'fetch'");
        assertRejected(Map.of("passphraseSecretMode", "fetch"), "passphraseSecretMode",
                "must be one of none, create, import, got 'fetch'");
        assertRejected(Map.of("kmsKeyMode", "default"), "kmsKeyMode",
                "must be one of aws-managed, create, import, got 'default'");
        assertRejected(Map.of("rotation", "sometimes"), "rotation",
                "must be one of none, function, managed, got 'sometimes'");
        assertRejected(Map.of("egress", "internet"), "egress", "must be one of none, nat, got 'internet'");
    }

    private static final String PRIVATE_LINK_JSON = """
            {"privatelink-account-name": "xy12345.eu-west-1.privatelink",
             "privatelink-vpce-id": "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
             "privatelink-account-url": "XY12345.eu-west-1.privatelink.snowflakecomputing.com",
             "regionless-privatelink-account-url": "myorg-my_account.privatelink.snowflakecomputing.com",
             "privatelink_ocsp-url": "ocsp.xy12345.eu-west-1.privatelink.snowflakecomputing.com",
             "regionless-privatelink-ocsp-url": "ocsp.myorg-my_account.privatelink.snowflakecomputing.com"}
            """;

    private static final PrivateLinkSettings PRIVATE_LINK = new PrivateLinkSettings(
            "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
            "xy12345.eu-west-1.privatelink.snowflakecomputing.com",
            "ocsp.xy12345.eu-west-1.privatelink.snowflakecomputing.com",
            Optional.of("myorg-my_account.privatelink.snowflakecomputing.com"),
            Optional.of("ocsp.myorg-my_account.privatelink.snowflakecomputing.com"));

    private static Map<String, Object> vpc(Object subnets, Object routeTables, Object zones) {
        Map<String, Object> vpc = new HashMap<>();
        vpc.put("vpcId", "vpc-0a1b2c3d4e5f67890");
        vpc.put("privateSubnetIds", subnets);
        vpc.put("privateSubnetRouteTableIds", routeTables);
        vpc.put("availabilityZones", zones);
        return vpc;
    }

    private static final Map<String, Object> VPC = vpc(
            List.of("subnet-0a1b2c3d4e5f67890", "subnet-0b1b2c3d4e5f67890"),
            List.of("rtb-0a1b2c3d4e5f67890", "rtb-0b1b2c3d4e5f67890"), List.of("eu-west-1a", "eu-west-1b"));

    @Test
    void privateLink_isReadFromAJsonString_orAnObject_withEitherOcspSpelling() throws Exception {
        InfraSettings fromString = read(Map.of("privateLink", PRIVATE_LINK_JSON));
        Map<String, Object> object = new ObjectMapper().readValue(
                PRIVATE_LINK_JSON.replace("privatelink_ocsp-url", "privatelink-ocsp-url"), new TypeReference<>() { });
        InfraSettings fromObject = read(Map.of("privateLink", object));
        assertThat(fromString.network()).isEqualTo(fromObject.network()).isEqualTo(new NetworkSettings(
                Optional.empty(), Optional.of(PRIVATE_LINK), Optional.empty(), Optional.empty(), Egress.NONE));
        assertThat(PRIVATE_LINK.connectionUrl())
                .isEqualTo("https://xy12345.eu-west-1.privatelink.snowflakecomputing.com");
    }

    @Test
    void privateLink_withoutRegionlessUrls_createsRecordsForAccountAndOcspOnly() {
        InfraSettings settings = read(Map.of("privateLink", Map.of(
                "privatelink-vpce-id", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
                "privatelink-account-url", "xy12345.us-east-1.privatelink.snowflakecomputing.com",
                "privatelink-ocsp-url", "ocsp.xy12345.us-east-1.privatelink.snowflakecomputing.com")));
        assertThat(settings.network().privateLink().orElseThrow().hostNames()).containsExactly(
                "xy12345.us-east-1.privatelink.snowflakecomputing.com",
                "ocsp.xy12345.us-east-1.privatelink.snowflakecomputing.com");
    }

    @Test
    void vpcAndNetworkKeys_areRead_asObjectOrJsonString() throws Exception {
        InfraSettings settings = read(Map.of("vpc", new ObjectMapper().writeValueAsString(VPC),
                "privateLink", PRIVATE_LINK_JSON, "privateLinkHostedZoneId", "Z0123456789ABCDEFGHIJ",
                "s3PrefixListId", "pl-6da54004", "egress", "nat"));
        assertThat(settings.network()).isEqualTo(new NetworkSettings(
                Optional.of(new VpcSettings("vpc-0a1b2c3d4e5f67890",
                        List.of("subnet-0a1b2c3d4e5f67890", "subnet-0b1b2c3d4e5f67890"),
                        List.of("rtb-0a1b2c3d4e5f67890", "rtb-0b1b2c3d4e5f67890"),
                        List.of("eu-west-1a", "eu-west-1b"))),
                Optional.of(PRIVATE_LINK), Optional.of("Z0123456789ABCDEFGHIJ"), Optional.of("pl-6da54004"),
                Egress.NAT));
        assertThat(read(Map.of("egress", "nat")).network().inVpc()).isTrue();
        assertThat(read(Map.of()).network().inVpc()).isFalse();
    }

    @Test
    void invalidPrivateLinkConfig_isRejectedNamingTheKeyAndTheField() {
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON.replace("privatelink-vpce-id", "vpce")),
                "privateLink", "'privatelink-vpce-id' is missing");
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON.replace("privatelink_ocsp-url", "ocsp")),
                "privateLink", "'privatelink-ocsp-url' is missing");
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON.replace("vpce-svc-", "svc-")),
                "privateLink", "'privatelink-vpce-id' must be an endpoint service name");
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON.replace(
                        "XY12345.eu-west-1.privatelink.snowflakecomputing.com", "xy12345.snowflakecomputing.com")),
                "privateLink",
                "'privatelink-account-url' must be a host name under privatelink.snowflakecomputing.com");
        assertRejected(Map.of("privateLink", "{\"privatelink-vpce-id\": "), "privateLink", "is not valid JSON");
        assertRejected(Map.of("privateLink", "[1, 2]"), "privateLink", "must be a JSON object");
    }

    /**
     * Secrets Manager, KMS keys and endpoint services are regional: a function reads a secret, and Secrets Manager
     * uses a key, in the function's own region only (a replica has its own ARN), and an interface endpoint reaches a
     * service in its VPC's region. A value from another region deployed and then failed every invocation, or failed
     * the endpoint at deploy time; with {@code region} set it fails synth naming the key.
     */
    @Test
    void valuesFromAnotherRegionThanTheStacks_areRejectedNamingTheKey() {
        Map<String, Object> inEuWest1 = Map.of("region", "eu-west-1");
        assertRejected(with(with(inEuWest1, "secretMode", "import"), "secretArn",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:snowgate/prod-AbCdEf"),
                "secretArn", "is in us-east-1, not in the stack's region eu-west-1");
        assertRejected(with(with(inEuWest1, "passphraseSecretMode", "import"), "passphraseSecretArn",
                        "arn:aws:secretsmanager:eu-central-1:123456789012:secret:snowgate/pass-AbCdEf"),
                "passphraseSecretArn", "is in eu-central-1, not in the stack's region eu-west-1");
        assertRejected(with(with(inEuWest1, "kmsKeyMode", "import"), "kmsKeyArn",
                        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                "kmsKeyArn", "is in us-east-1, not in the stack's region eu-west-1");
        assertRejected(with(with(inEuWest1, "rotation", "function"), "rotationAdminSecretArn",
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:snowgate/admin-AbCdEf"),
                "rotationAdminSecretArn", "is in us-east-1, not in the stack's region eu-west-1");
        assertRejected(with(Map.of("region", "us-east-1"), "privateLink", PRIVATE_LINK_JSON),
                "privateLink", "'privatelink-vpce-id' is in eu-west-1, not in the stack's region us-east-1");
        assertRejected(with(with(Map.of("region", "us-east-1"), "egress", "nat"), "vpc", VPC),
                "vpc", "'availabilityZones' holds eu-west-1a, not a zone of the stack's region us-east-1");
        // The same values in the stack's region, or with no region (environment-agnostic), are accepted.
        assertThat(read(with(with(inEuWest1, "secretMode", "import"), "secretArn",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf")).region())
                .contains("eu-west-1");
        assertThat(read(with(with(inEuWest1, "egress", "nat"), "vpc", VPC)).network().vpc()).isPresent();
        assertThat(read(Map.of("secretMode", "import", "secretArn",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:snowgate/prod-AbCdEf")).region()).isEmpty();
    }

    /**
     * CloudWatch refuses an alarm action on a topic of another region ("Invalid region us-east-1 specified. Only
     * eu-west-1 is supported"), so such a topic failed the deployment midway, at the first alarm.
     */
    @Test
    void alarmTopicFromAnotherRegionThanTheStacks_isRejectedNamingTheKey() {
        assertRejected(Map.of("region", "eu-west-1", "alarmTopicArn", "arn:aws:sns:us-east-1:123456789012:ops"),
                "alarmTopicArn", "is in us-east-1, not in the stack's region eu-west-1");
        assertThat(read(Map.of("region", "eu-west-1", "alarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:ops"))
                .alarmTopicArn()).contains("arn:aws:sns:eu-west-1:123456789012:ops");
    }

    /**
     * An ARN names its partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), and a region belongs to one: an
     * ARN of another partition than the stack's region names nothing the stack can use, even with the same region
     * name in it.
     */
    @ParameterizedTest
    @CsvSource({
            "secretArn, eu-west-1, arn:aws-cn:secretsmanager:eu-west-1:123456789012:secret:snowgate/prod-AbCdEf",
            "secretArn, cn-north-1, arn:aws:secretsmanager:cn-north-1:123456789012:secret:snowgate/prod-AbCdEf",
            "kmsKeyArn, us-gov-west-1, arn:aws:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "alarmTopicArn, eu-west-1, arn:aws-us-gov:sns:eu-west-1:123456789012:ops"})
    void arnOfAnotherPartitionThanTheStacksRegion_isRejectedNamingTheKey(String key, String region, String arn) {
        Map<String, Object> context = new HashMap<>(Map.of("region", region, key, arn));
        switch (key) {
            case "secretArn" -> context.put("secretMode", "import");
            case "kmsKeyArn" -> context.putAll(Map.of("kmsKeyMode", "import", "secretMode", "import",
                    "secretName", "snowgate/prod"));
            default -> { }
        }
        assertRejected(context, key, "is in partition " + arn.split(":")[1] + ", not in the stack's region "
                + region + "'s partition");
    }

    /** A misspelt key was ignored, so its default deployed silently: -c rotaton=function deployed no rotation. */
    @ParameterizedTest
    @CsvSource({"memorysize, memorySize", "secret-mode, secretMode", "rotaton, rotation",
            "kmsKeyARN, kmsKeyArn", "log_retention_days, logRetentionDays", "functionzip, functionZip"})
    void misspeltKey_isRefusedNamingTheKeyItProbablyMeans(String key, String meant) {
        assertThatThrownBy(() -> ContextSettings.refuseUnknownKeys(List.of("stackName", key), List.of("functionZip")))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key '" + key + "': is not a Snowgate setting and would be ignored; did you"
                        + " mean '" + meant + "'?");
    }

    @Test
    void unknownKeyShapedLikeOurs_isRefused_whileCdksOwnKeysAndLookupsAreLeftAlone() {
        assertRejectedKeys(List.of("schedule"), "schedule", "is not a Snowgate setting and would be ignored");
        ContextSettings.refuseUnknownKeys(List.of("cli-telemetry", "acknowledged-issue-numbers",
                "@aws-cdk/core:enablePartitionLiterals", "aws:cdk:enable-path-metadata", "aws:cdk:bundling-stacks",
                "availability-zones:account=123456789012:region=eu-west-1", "functionZip"), List.of("functionZip"));
        ContextSettings.refuseUnknownKeys(ContextSettings.KEYS, List.of());
    }

    private static void assertRejectedKeys(List<String> keys, String key, String problem) {
        assertThatThrownBy(() -> ContextSettings.refuseUnknownKeys(keys, List.of()))
                .isInstanceOf(ContextException.class)
                .hasMessageContaining("'" + key + "': " + problem)
                .satisfies(e -> assertThat(((ContextException) e).contextKey()).isEqualTo(key));
    }

    @Test
    void invalidVpc_isRejectedNamingTheKeyAndTheField() {
        Map<String, Object> nat = Map.of("egress", "nat");
        assertRejected(with(nat, "vpc", vpc(List.of("subnet-0a1b2c3d4e5f67890", "sn-2"),
                        List.of("rtb-0a1b2c3d4e5f67890", "rtb-0b1b2c3d4e5f67890"),
                        List.of("eu-west-1a", "eu-west-1b"))),
                "vpc", "'privateSubnetIds' holds 'sn-2'");
        assertRejected(with(nat, "vpc", vpc(List.of("subnet-0a1b2c3d4e5f67890", "subnet-0b1b2c3d4e5f67890"),
                        List.of("rtb-0a1b2c3d4e5f67890", "rtb-0b1b2c3d4e5f67890"), List.of("eu-west-1a"))),
                "vpc", "got 2 'privateSubnetIds', 2 'privateSubnetRouteTableIds' and 1 'availabilityZones'");
        assertRejected(with(nat, "vpc", vpc(List.of("subnet-0a1b2c3d4e5f67890"), List.of("rtb-0a1b2c3d4e5f67890"),
                        List.of("eu-west-1"))),
                "vpc", "'availabilityZones' holds 'eu-west-1'");
        assertRejected(with(nat, "vpc", vpc(List.of(), List.of(), List.of())), "vpc",
                "'privateSubnetIds' must be a non-empty list");
        Map<String, Object> badId = new HashMap<>(VPC);
        badId.put("vpcId", "vpc-1");
        assertRejected(with(nat, "vpc", badId), "vpc", "'vpcId' must be a VPC id");
    }

    @Test
    void inconsistentNetworkKeys_areRejectedNamingTheKey() {
        assertRejected(Map.of("vpc", VPC), "vpc", "neither 'privateLink' nor 'egress'=nat");
        assertRejected(Map.of("egress", "internet"), "egress", "one of none, nat");
        assertRejected(Map.of("privateLinkHostedZoneId", "Z0123456789ABCDEFGHIJ"), "privateLinkHostedZoneId",
                "only used with 'privateLink'");
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON, "privateLinkHostedZoneId", "zone-1"),
                "privateLinkHostedZoneId", "Route 53 hosted zone id");
        assertRejected(Map.of("privateLink", PRIVATE_LINK_JSON, "s3PrefixListId", "s3"), "s3PrefixListId",
                "managed prefix list id");
        assertRejected(Map.of("s3PrefixListId", "pl-6da54004"), "s3PrefixListId", "only used with 'privateLink'");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> context = new HashMap<>(base);
        context.put(key, value);
        return context;
    }

    @Test
    void rotation_isOffByDefault_andReadsTheFunctionSettings() {
        assertThat(read(Map.of()).rotation()).isEqualTo(new RotationMode.None());
        assertThat(read(Map.of("rotation", "function")).rotation())
                .isEqualTo(new RotationMode.Function(30, false, Optional.empty()));
        String admin = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/admin-AbCdEf";
        assertThat(read(Map.of("rotation", "function", "rotationScheduleDays", "7", "rotationRevokePrevious", true,
                "rotationAdminSecretArn", admin)).rotation())
                .isEqualTo(new RotationMode.Function(7, true, Optional.of(admin)));
        assertThat(read(Map.of("rotation", "managed", "secretMode", "import",
                "secretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/managed-AbCdEf"))
                .rotation()).isEqualTo(new RotationMode.Managed());
    }

    @Test
    void rotationSettings_thatCannotApply_areRejectedNamingTheKey() {
        assertRejected(Map.of("rotation", "sometimes"), "rotation", "function");
        assertRejected(Map.of("rotation", "managed"), "rotation", "secretMode=import");
        assertRejected(Map.of("rotationScheduleDays", 7), "rotationScheduleDays", "rotation=function");
        assertRejected(Map.of("rotation", "function", "rotationScheduleDays", 0), "rotationScheduleDays", "1");
        assertRejected(Map.of("rotation", "function", "rotationAdminSecretArn", "snowgate/admin"),
                "rotationAdminSecretArn", "must be a secret's complete ARN");
    }

    // --- workload identity ------------------------------------------------------------------------------------

    private static final Map<String, Object> KEYLESS = Map.of("auth", "workload-identity",
            "snowflakeAccount", "myorg-analytics", "snowflakeUser", "SNOWGATE_SVC");

    private static Map<String, Object> keyless(Object... extra) {
        Map<String, Object> context = new HashMap<>(KEYLESS);
        for (int i = 0; i < extra.length; i += 2) {
            context.put((String) extra[i], extra[i + 1]);
        }
        return context;
    }

    @Test
    void workloadIdentity_readsTheConnectionSettings_withTheSignedRequestMethodByDefault() {
        InfraSettings settings = read(keyless("snowflakeWarehouse", "SNOWGATE_WH", "snowflakeDatabase", "ANALYTICS",
                "snowflakeSchema", "PUBLIC", "snowflakeRole", "SNOWGATE_RUNNER"));

        assertThat(settings.workloadIdentity()).contains(new WorkloadIdentitySettings("myorg-analytics",
                "SNOWGATE_SVC", Optional.of("SNOWGATE_WH"), Optional.of("ANALYTICS"), Optional.of("PUBLIC"),
                Optional.of("SNOWGATE_RUNNER"), AttestationMethod.CALLER_IDENTITY, Optional.empty()));
        assertThat(read(Map.of()).workloadIdentity()).isEmpty();
    }

    @Test
    void workloadIdentity_theJwtMethodNeedsTheAccountsIssuer() {
        String issuer = "https://0b8c2e7e-3f5d-4e6a-9a7b-2c1d0e9f8a7b.tokens.sts.global.api.aws";
        assertThat(read(keyless("workloadIdentityMethod", "web-identity-token", "workloadIdentityIssuer", issuer))
                .workloadIdentity().orElseThrow().issuer()).contains(issuer);

        assertRejected(keyless("workloadIdentityMethod", "web-identity-token"), "workloadIdentityIssuer",
                "is required with workloadIdentityMethod=web-identity-token");
        assertRejected(keyless("workloadIdentityMethod", "web-identity-token", "workloadIdentityIssuer",
                "https://sts.amazonaws.com"), "workloadIdentityIssuer", "outbound web identity issuer");
        assertRejected(keyless("workloadIdentityIssuer", issuer), "workloadIdentityIssuer",
                "is only used with workloadIdentityMethod=web-identity-token");
        assertRejected(keyless("workloadIdentityMethod", "jwt"), "workloadIdentityMethod",
                "must be one of caller-identity, web-identity-token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secretMode", "secretName", "secretArn", "passphraseSecretMode", "passphraseSecretName",
        "passphraseSecretArn", "kmsKeyMode", "kmsKeyArn", "secretTtlSeconds", "rotation", "rotationScheduleDays",
        "rotationRevokePrevious", "rotationAdminSecretArn"})
    void workloadIdentity_refusesEveryKeySecretKmsAndRotationSetting(String key) {
        assertRejected(keyless(key, "create"), key, "makes no sense with auth=workload-identity: the functions sign"
                + " in with their own IAM roles, so there is no key, passphrase, secret or KMS key to create, read or"
                + " rotate");
    }

    @Test
    void workloadIdentity_needsTheAccountAndAUser_asSnowflakeIdentifiers() {
        Map<String, Object> noAccount = keyless();
        noAccount.remove("snowflakeAccount");
        assertRejected(noAccount, "snowflakeAccount", "is required with auth=workload-identity");
        Map<String, Object> noUser = keyless();
        noUser.remove("snowflakeUser");
        assertRejected(noUser, "snowflakeUser", "is required with auth=workload-identity");
        assertRejected(keyless("snowflakeUser", "svc user"), "snowflakeUser", "unquoted Snowflake identifier");
        assertRejected(keyless("snowflakeRole", "1ROLE"), "snowflakeRole", "unquoted Snowflake identifier");
        assertRejected(keyless("snowflakeAccount", "my account"), "snowflakeAccount", "Snowflake account identifier");
        assertRejected(Map.of("auth", "password"), "auth", "must be one of keypair, workload-identity");
    }

    /** The characters fit, the form does not: synth reads the account as the function will, so these fail here. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.b.c                        | 'b.c' is not a known Snowflake region[.cloud]",
        "myorg..acct                  | it has an empty part between dots",
        "xy12345.mars-north-1.aws.x   | is not a known Snowflake region[.cloud]",
        "https://xy12345.example.com  | a URL must end in .snowflakecomputing.com",
    })
    void workloadIdentity_refusesAnAccountTheFunctionWouldRefuse_atSynth(String account, String problem) {
        assertRejected(keyless("snowflakeAccount", account), "snowflakeAccount", problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"myorg-analytics", "myorg.analytics", "xy12345", "xy12345.eu-west-1",
        "xy12345.us-east-2.aws.privatelink", "https://myorg-analytics.snowflakecomputing.com"})
    void workloadIdentity_takesEveryFormOfAnAccountIdentifier(String account) {
        assertThat(read(keyless("snowflakeAccount", account)).workloadIdentity().orElseThrow().account())
                .isEqualTo(account);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snowflakeAccount", "snowflakeUser", "snowflakeWarehouse", "snowflakeDatabase",
        "snowflakeSchema", "snowflakeRole", "workloadIdentityMethod", "workloadIdentityIssuer"})
    void keyPair_refusesWorkloadIdentitySettings(String key) {
        assertRejected(Map.of(key, "X"), key, "is only used with auth=workload-identity");
    }
}
