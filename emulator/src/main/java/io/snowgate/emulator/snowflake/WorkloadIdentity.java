package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import io.snowgate.emulator.sts.AwsArn;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One workload identity of a service user: the user property {@code WORKLOAD_IDENTITY = (TYPE = AWS ARN = '...')}
 * (named {@value #DEFAULT}) or one added with {@code ALTER USER ... ADD WORKLOAD IDENTITY name TYPE = AWS ...}
 * (docs: sql/alter-user-add-workload-identity). Only {@code TYPE = AWS} is modelled.
 *
 * @param name      {@value #DEFAULT} for the user property, else the name it was added with
 * @param arn       the IAM role or user a workload must present
 * @param issuer    for the JWT method: the AWS account's outbound web identity issuer the token's {@code iss} must be
 * @param createdOn when the CREATE or ALTER USER set it
 * @param lastUsed  the last login with it, or null
 */
record WorkloadIdentity(String name, AwsArn arn, Optional<String> issuer, Instant createdOn, Instant lastUsed) {

    static final String DEFAULT = "DEFAULT";
    static final String AWS = "AWS";
    /**
     * AWS's outbound issuers, {@code https://<uuid>.tokens.sts.global.api.aws}; Snowflake refuses any other with
     * 004616 "ISSUER must be a valid AWS STS JWT issuer URL matching the ARN partition" (seen in
     * snowflakedb/terraform-provider-snowflake#5127).
     */
    private static final Pattern AWS_ISSUER =
            Pattern.compile("https://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tokens\\.sts\\.global\\.api\\.aws");

    WorkloadIdentity used(Instant at) {
        return new WorkloadIdentity(name, arn, issuer, createdOn, at);
    }

    /** {@code additional_info} of SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS for TYPE = AWS. */
    Map<String, Object> additionalInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("awsPartition", arn.partition());
        info.put("awsAccount", arn.account());
        info.put("type", arn.isRole() ? "IAM_ROLE" : "IAM_USER");
        info.put("iamRole", arn.principalName());
        issuer.ifPresent(i -> info.put("issuer", i));
        return info;
    }

    /**
     * Reads {@code TYPE = AWS ARN = '...' [ ISSUER = '...' ]} from {@code tokens[from..to)} (commas optional).
     *
     * @param localIssuer an issuer the stand-in trusts besides AWS's (its local STS), if any
     * @throws StandInSqlException as Snowflake refuses a missing TYPE or ARN, another provider, or an invalid ARN
     *                             or ISSUER
     */
    static WorkloadIdentity parse(String name, List<Token> tokens, int from, int to, Optional<String> localIssuer,
                                  Instant now) {
        Map<String, Token> values = new LinkedHashMap<>();
        int i = from;
        while (i < to) {
            if (tokens.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            String property = tokens.get(i).upper();
            if (i + 2 >= to || !tokens.get(i + 1).isSymbol("=")) {
                Token at = tokens.get(Math.min(i + 1, tokens.size() - 1));
                throw StandInSqlException.syntax(at.position(), at.text());
            }
            switch (property) {
                case "TYPE", "ARN", "ISSUER", "SUBJECT", "OIDC_AUDIENCE_LIST" -> values.put(property, tokens.get(i + 2));
                default -> throw StandInSqlException.invalidIdentifier(property);
            }
            i += 3;
        }
        Token type = values.get("TYPE");
        if (type == null) {
            throw invalidProperty("TYPE", "(none)", "TYPE is required.");
        }
        if (!type.isWord(AWS)) {
            throw StandInSqlException.unsupported("WORKLOAD_IDENTITY TYPE = " + type.upper()
                    + " (the stand-in models TYPE = AWS only)");
        }
        for (String notForAws : List.of("SUBJECT", "OIDC_AUDIENCE_LIST")) {
            if (values.containsKey(notForAws)) {
                throw invalidProperty(notForAws, values.get(notForAws).text(),
                        notForAws + " is not supported for TYPE 'AWS'.");
            }
        }
        String arnText = string(values.get("ARN"));
        if (arnText == null) {
            throw invalidProperty("ARN", "(none)", "ARN is required for TYPE 'AWS'.");
        }
        AwsArn arn = AwsArn.parse(arnText).filter(a -> a.kind() != AwsArn.Kind.ASSUMED_ROLE)
                .orElseThrow(() -> invalidProperty("ARN", arnText,
                        "ARN must be the ARN of an AWS IAM role or IAM user (arn:aws:iam::<account>:role/<name>)."));
        Optional<String> issuer = Optional.ofNullable(string(values.get("ISSUER")));
        if (issuer.isPresent() && !(issuer.equals(localIssuer)
                || (arn.partition().equals("aws") && AWS_ISSUER.matcher(issuer.get()).matches()))) {
            throw invalidProperty("ISSUER", issuer.get(),
                    "ISSUER must be a valid AWS STS JWT issuer URL matching the ARN partition.");
        }
        return new WorkloadIdentity(name, arn, issuer, now, null);
    }

    private static String string(Token token) {
        if (token == null) {
            return null;
        }
        if (token.kind() != Kind.STRING) {
            throw StandInSqlException.syntax(token.position(), token.text());
        }
        return token.stringValue();
    }

    /** Snowflake's 004616 for a property a workload identity of a type cannot have. */
    private static StandInSqlException invalidProperty(String property, String value, String rule) {
        return new StandInSqlException("004616", "42601", "SQL compilation error: Invalid " + property
                + " property in WORKLOAD_IDENTITY of TYPE 'AWS': '" + value + "'. " + rule);
    }
}
