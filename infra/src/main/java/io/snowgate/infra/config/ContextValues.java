package io.snowgate.infra.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The primitive readers behind {@link ContextSettings}: one context value as a string, a whole number in a range, a
 * boolean, a mode ({@link ContextChoice}) or a JSON object; the fields of such an object; and the formats of AWS names,
 * ids and ARNs. Values from {@code cdk.json} may be JSON numbers, booleans or objects, values from {@code -c} are
 * strings: both are accepted. Every problem is a {@link ContextException} naming the key.
 */
final class ContextValues {

    /** What a single value must look like: the pattern it must match and what the error says it must be. */
    enum Format {
        STACK_NAME("[A-Za-z][A-Za-z0-9-]{0,127}", "must start with a letter and hold only letters, digits and '-'"),
        ACCOUNT_ID("\\d{12}", "must be a 12-digit AWS account id"),
        REGION_NAME("[a-z]{2}(-[a-z]+)+-\\d", "must be an AWS region name such as eu-west-1"),
        SECRET_NAME("[A-Za-z0-9/_+=.@-]{1,512}", "is not a valid Secrets Manager secret name"),
        // IAM matches a policy's resource against the secret's complete ARN, which ends in the six random characters
        // Secrets Manager appends; a partial ARN would grant nothing (Secrets Manager user guide, "Permissions
        // policy examples": "if you use a partial ARN ... the permission won't apply"). By name, the stack matches the
        // suffix itself.
        SECRET_ARN("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}",
                "must be a secret's complete ARN, ending in the six characters Secrets Manager appends to the name"
                        + " (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf), as `aws secretsmanager"
                        + " describe-secret` prints it"),
        KMS_KEY_ARN("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+",
                "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); aliases are not accepted"),
        TOPIC_ARN("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}",
                "must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)"),
        HOSTED_ZONE_ID("Z[A-Z0-9]{1,31}", "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
        PREFIX_LIST_ID("pl-[0-9a-f]{8,17}", "must be a managed prefix list id such as pl-6da54004"),
        VPC_ID("vpc-[0-9a-f]{8,17}", "must be a VPC id such as vpc-0a1b2c3d4e5f67890"),
        ENDPOINT_SERVICE("com\\.amazonaws\\.vpce\\.[a-z0-9-]+\\.vpce-svc-[0-9a-f]{8,17}",
                "must be an endpoint service name such as com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"),
        SNOWFLAKE_ACCOUNT("(https://)?[A-Za-z0-9][A-Za-z0-9._-]{0,254}",
                "must be a Snowflake account identifier such as myorg-myaccount or xy12345.eu-west-1"),
        SNOWFLAKE_IDENTIFIER("[A-Za-z_][A-Za-z0-9_$]{0,254}",
                "must be an unquoted Snowflake identifier (letters, digits, _ and $, not starting with a digit)"),
        OUTBOUND_ISSUER("https://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                + "\\.tokens\\.sts\\.global\\.api\\.aws",
                "must be the account's outbound web identity issuer, https://<id>.tokens.sts.global.api.aws (aws iam"
                        + " get-outbound-web-identity-federation-info)"),
        PRIVATELINK_HOST("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\." + Pattern.quote(PrivateLinkSettings.HOSTED_ZONE_NAME),
                "must be a host name under " + PrivateLinkSettings.HOSTED_ZONE_NAME
                        + " (as SYSTEM$GET_PRIVATELINK_CONFIG returns it)");

        private final Pattern pattern;
        private final String problem;

        Format(String regex, String problem) {
            this.pattern = Pattern.compile(regex);
            this.problem = problem;
        }

        /** @throws ContextException naming {@code key} when {@code value} does not match */
        void check(String key, String value) {
            if (!pattern.matcher(value).matches()) {
                throw new ContextException(key, problem + ", got '" + value + "'");
            }
        }

        /** @throws ContextException naming {@code key} and the JSON {@code field} when {@code value} does not match */
        void check(String key, String field, String value) {
            if (!pattern.matcher(value).matches()) {
                throw new ContextException(key, "'" + field + "' " + problem + ", got '" + value + "'");
            }
        }
    }

    // Lists of ids, where the error gives an example instead: see ids().
    static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    static final Pattern ROUTE_TABLE_ID = Pattern.compile("rtb-[0-9a-f]{8,17}");
    static final Pattern AVAILABILITY_ZONE = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+[a-z]");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Object> context;

    /** @param context looks a context key up; returns null when the key is not set */
    ContextValues(Function<String, Object> context) {
        this.context = context;
    }

    /** The value as the context holds it, or null when the key is not set. */
    Object raw(String key) {
        return context.apply(key);
    }

    /** True when the key is set, to any value. */
    boolean isSet(String key) {
        return raw(key) != null;
    }

    /** A string (or a number, as text), trimmed; empty when the key is not set. Rejects other types and blanks. */
    Optional<String> string(String key) {
        Object raw = raw(key);
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

    /** A whole number from {@code min} to {@code max}, as a JSON number or a string; {@code fallback} when unset. */
    int integer(String key, int fallback, int min, int max) {
        Object raw = raw(key);
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

    /** {@code true} or {@code false}, as a JSON boolean or a string in any case; {@code fallback} when unset. */
    boolean bool(String key, boolean fallback) {
        Object raw = raw(key);
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

    /** The mode {@code parse} reads from the key's string; {@code fallback} when unset. */
    <E extends Enum<E> & ContextChoice> E choice(String key, E fallback, BiFunction<String, String, E> parse) {
        return string(key).map(value -> parse.apply(key, value)).orElse(fallback);
    }

    /** A JSON object given as an object ({@code cdk.json}) or as a JSON string ({@code -c key='{...}'}). */
    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> object(String key) {
        Object raw = raw(key);
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

    /** The non-blank string {@code field} of the JSON object under {@code key}, stripped. */
    static String field(Map<String, Object> json, String key, String field) {
        Object value = json.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ContextException(key, "'" + field + "' is missing or not a string");
        }
        return text.strip();
    }

    /**
     * The non-empty list {@code field} of the JSON object under {@code key}, every element an id matching
     * {@code format}; the error gives {@code example}.
     */
    static List<String> ids(Map<String, Object> json, String key, String field, Pattern format, String example) {
        if (!(json.get(field) instanceof List<?> list) || list.isEmpty()) {
            throw new ContextException(key, "'" + field + "' must be a non-empty list");
        }
        for (Object id : list) {
            if (!(id instanceof String text) || !format.matcher(text).matches()) {
                throw new ContextException(key, "'" + field + "' holds '" + id + "', expected ids such as "
                        + example);
            }
        }
        return list.stream().map(String.class::cast).toList();
    }
}
