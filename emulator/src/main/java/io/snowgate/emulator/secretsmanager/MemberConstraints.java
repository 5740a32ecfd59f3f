package io.snowgate.emulator.secretsmanager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The member constraints of the service model (botocore secretsmanager 2017-10-17, service-2.json) that one request
 * breaks. Coral, AWS's front end, checks the whole input before the operation runs and answers one
 * ValidationException counting every broken constraint, so a handler records each member here and calls
 * {@link #check} before anything else judges the request.
 *
 * <p>Order: a handler records members in the order of its input shape's members in the model, a structure's or a
 * list's own constraints before those of what it holds, and within one member length before pattern. No recording of
 * a Secrets Manager request breaking more than one constraint was found (LocalStack's snapshots recorded against AWS,
 * tests/aws/services/secretsmanager, hold none), so the model's order is a choice. Recordings of other services
 * mostly agree with it: EventBridge's CreateApiDestination lists connectionArn before httpMethod and CreateConnection
 * name before authorizationType, as their models do; Lambda's PublishLayerVersion lists compatibleRuntimes before
 * compatibleArchitectures, the reverse of botocore's order. Within one member CreateConnection's name shows its
 * pattern before its length; the stand-in keeps length first, as RotateSecret's RotationRules always had it.
 *
 * <p>Wording, from the same recordings: a value is quoted, numbers too ({@code Value '1001' at 'maxResults' ...
 * Member must have value less than or equal to 1000}, Step Functions; KMS's numberOfBytes), a bound is named as the
 * one broken, never as a range; a sensitive member's value is left out ({@code Value at 'plaintext' ...}, KMS
 * Encrypt); an entry of a list of structures is {@code list.N.member.field} (KMS's tags, EventBridge's targets); a
 * list of strings is shown whole, with every constraint of its entries' shape, when an entry breaks one ({@code
 * Value '[...]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must
 * have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy
 * regular expression pattern: ...]}, Lambda).
 */
final class MemberConstraints {

    private final List<AwsErrorException.Violation> broken = new ArrayList<>();

    /** A required member: absent is "must not be null"; present, it is the caller's to check further. */
    void notNull(String member, Object value) {
        if (value == null) {
            add(member, "null", "Member must not be null");
        }
    }

    /** A string member's length; an absent one passes. */
    void length(String member, String value, int min, int max) {
        if (value != null) {
            size(member, "'" + value + "'", value.length(), min, max);
        }
    }

    /** The length of a member the model marks sensitive, whose value the message leaves out. */
    void sensitiveLength(String member, int length, int min, int max) {
        size(member, null, length, min, max);
    }

    /**
     * The length bound of a string or list member that {@code size} breaks; {@code shown} is the value as the message
     * shows it, or null to leave it out.
     */
    void size(String member, String shown, int size, int min, int max) {
        if (size < min) {
            add(member, shown, "Member must have length greater than or equal to " + min);
        } else if (size > max) {
            add(member, shown, "Member must have length less than or equal to " + max);
        }
    }

    /**
     * The entries of a list of strings, each of {@code min} to {@code max} characters (null: no bound) matching
     * {@code pattern} (null: none); when one breaks any, the list is shown whole with every constraint of the entries'
     * shape, upper bound first, as the recordings list them.
     */
    void entries(String member, List<String> values, Integer min, Integer max, String pattern) {
        boolean broken = values.stream().anyMatch(value -> (min != null && value.length() < min)
                || (max != null && value.length() > max) || (pattern != null && !value.matches(pattern)));
        if (!broken) {
            return;
        }
        List<String> shape = new ArrayList<>();
        if (max != null) {
            shape.add("Member must have length less than or equal to " + max);
        }
        if (min != null) {
            shape.add("Member must have length greater than or equal to " + min);
        }
        if (pattern != null) {
            shape.add("Member must satisfy regular expression pattern: " + pattern);
        }
        add(member, "'" + values + "'", "Member must satisfy constraint: " + shape);
    }

    /** A string member's pattern, quoted as Coral quotes it; an absent one passes. */
    void pattern(String member, String value, String pattern) {
        if (value != null && !value.matches(pattern)) {
            add(member, "'" + value + "'", "Member must satisfy regular expression pattern: " + pattern);
        }
    }

    /** A number member's bounds, the one broken named; an absent one passes. */
    void range(String member, Long value, long min, long max) {
        if (value != null && value < min) {
            add(member, "'" + value + "'", "Member must have value greater than or equal to " + min);
        } else if (value != null && value > max) {
            add(member, "'" + value + "'", "Member must have value less than or equal to " + max);
        }
    }

    /** An enum member, its values listed in {@code allowed}'s order; an absent one passes. */
    void oneOf(String member, String value, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            add(member, "'" + value + "'", "Member must satisfy enum value set: " + allowed);
        }
    }

    /** A broken constraint in the words the caller gives; {@code shown} null leaves the value out. */
    void add(String member, String shown, String constraint) {
        broken.add(new AwsErrorException.Violation(member, shown, constraint));
    }

    /** @throws AwsErrorException Coral's ValidationException counting every constraint recorded as broken */
    void check() {
        if (!broken.isEmpty()) {
            throw AwsErrorException.validation(broken);
        }
    }
}
