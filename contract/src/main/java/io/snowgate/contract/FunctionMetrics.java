package io.snowgate.contract;

/**
 * The CloudWatch metrics the query handlers write (Embedded Metric Format) that the CDK app's alarms watch: the one
 * place their names are written, so an alarm cannot watch a name the function never writes.
 */
public final class FunctionMetrics {

    /** The namespace every Snowgate metric is in, whatever the deployment. */
    public static final String NAMESPACE = "Snowgate";
    /**
     * The dimension naming the Lambda function that wrote a metric: one value per deployed function, so that two
     * deployments in one account and region (two {@code stackName}s) are told apart.
     */
    public static final String FUNCTION = "Function";
    /** How many times the last good secret served because Secrets Manager could not be read. */
    public static final String SECRET_STALE_SERVES = "SecretStaleServes";

    private FunctionMetrics() {
    }
}
