package io.snowgate.emulator.sts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS principal's ARN as the stand-ins read it: an IAM role ({@code arn:aws:iam::111122223333:role/path/Name}), an
 * IAM user ({@code arn:aws:iam::111122223333:user/Name}), or a role session as STS names it
 * ({@code arn:aws:sts::111122223333:assumed-role/Name/session}).
 *
 * <p>A role session's ARN carries the role's name but not its path (IAM identifiers reference, "assumed-role"), so
 * {@link #principalName()} (the last segment of a role or user, the role of a session) and the partition and account
 * are all that can be compared between a session and the role it came from.
 *
 * @param partition   {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param account     the 12-digit account id
 * @param kind        what the ARN names
 * @param resource    everything after the kind's slash: {@code path/Name}, {@code Name} or {@code Name/session}
 */
public record AwsArn(String partition, String account, Kind kind, String resource) {

    /** What an ARN names. */
    public enum Kind {
        ROLE, USER, ASSUMED_ROLE
    }

    private static final Pattern IAM = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):(role|user)/((?:[\\x21-\\x7E&&[^/]]+/)*[\\w+=,.@-]{1,128})");
    private static final Pattern SESSION = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");

    /** Parses an IAM role, IAM user or role session ARN; empty for anything else. */
    public static Optional<AwsArn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher iam = IAM.matcher(text);
        if (iam.matches()) {
            return Optional.of(new AwsArn(iam.group(1), iam.group(2),
                    iam.group(3).equals("role") ? Kind.ROLE : Kind.USER, iam.group(4)));
        }
        Matcher session = SESSION.matcher(text);
        if (session.matches()) {
            return Optional.of(new AwsArn(session.group(1), session.group(2), Kind.ASSUMED_ROLE,
                    session.group(3) + "/" + session.group(4)));
        }
        return Optional.empty();
    }

    /** The role's or user's name without its path; a session's role name. */
    public String principalName() {
        return switch (kind) {
            case ROLE, USER -> resource.substring(resource.lastIndexOf('/') + 1);
            case ASSUMED_ROLE -> resource.substring(0, resource.indexOf('/'));
        };
    }

    /** A session's name; empty for a role or user. */
    public Optional<String> sessionName() {
        return kind == Kind.ASSUMED_ROLE ? Optional.of(resource.substring(resource.indexOf('/') + 1))
                : Optional.empty();
    }

    /** A role's path ({@code /} when it has none); empty for a user or session. */
    public Optional<String> path() {
        if (kind != Kind.ROLE) {
            return Optional.empty();
        }
        int last = resource.lastIndexOf('/');
        return Optional.of(last < 0 ? "/" : "/" + resource.substring(0, last + 1));
    }

    /** Whether this is a role or a session of one (as opposed to an IAM user). */
    public boolean isRole() {
        return kind != Kind.USER;
    }

    /**
     * Whether a principal presenting {@code presented} is the one this ARN names: same partition, account, and role
     * (or user) name. A session matches its role whatever the role's path, since its ARN has none; two role ARNs
     * must agree on the path too.
     */
    public boolean admits(AwsArn presented) {
        if (!partition.equals(presented.partition) || !account.equals(presented.account)
                || isRole() != presented.isRole() || !principalName().equals(presented.principalName())) {
            return false;
        }
        return kind != Kind.ROLE || presented.kind != Kind.ROLE || path().equals(presented.path());
    }

    /** The session ARN STS gives a session of this role named {@code sessionName}. */
    public AwsArn session(String sessionName) {
        if (kind != Kind.ROLE) {
            throw new IllegalStateException("only a role has sessions: " + this);
        }
        return new AwsArn(partition, account, Kind.ASSUMED_ROLE, principalName() + "/" + sessionName);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROLE -> "arn:" + partition + ":iam::" + account + ":role/" + resource;
            case USER -> "arn:" + partition + ":iam::" + account + ":user/" + resource;
            case ASSUMED_ROLE -> "arn:" + partition + ":sts::" + account + ":assumed-role/" + resource;
        };
    }
}
