package io.snowgate.lambda.session;

/**
 * Workload identity mode found no AWS credentials to attest with, so it did not try to sign in. The message says
 * where they are looked for and names the role the function should run as; it never holds a credential.
 */
public final class NoAwsCredentialsException extends RuntimeException {

    private final String roleArn;

    public NoAwsCredentialsException(String roleArn, String user, String why) {
        super("No AWS credentials to sign in to Snowflake as user " + user + " with AWS role " + roleArn + ": " + why
                + ". The AWS SDK's default chain looks at AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and"
                + " AWS_SESSION_TOKEN, the container credentials endpoint, a web identity token file and the shared"
                + " profile; in Lambda the execution role provides them", null, false, false);
        this.roleArn = roleArn;
    }

    /** The role the function was deployed to run as. */
    public String roleArn() {
        return roleArn;
    }
}
