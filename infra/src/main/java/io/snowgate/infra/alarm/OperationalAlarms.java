package io.snowgate.infra.alarm;

import io.snowgate.contract.FunctionMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.IHttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms on function errors and throttles, on the API's server errors, on messages waiting in the failure queues and
 * on a secret served stale, all notifying one SNS topic:
 * the operator's (by ARN) or one created here, KMS-encrypted and TLS-only.
 */
public final class OperationalAlarms extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final ITopic topic;
    private final SnsAction action;

    /** @param topicArn an existing topic, or empty to create one */
    public OperationalAlarms(Construct scope, String id, Optional<String> topicArn) {
        super(scope, id);
        this.topic = topicArn.map(arn -> Topic.fromTopicArn(this, "Topic", arn)).orElseGet(this::createTopic);
        this.action = new SnsAction(topic);
    }

    private ITopic createTopic() {
        // CloudWatch cannot use the AWS managed SNS key, so an encrypted alarm topic needs a key CloudWatch may use.
        Key key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the Snowgate alarm topic")
                .enableKeyRotation(true)
                .build();
        key.addToResourcePolicy(fromThisAccountsAlarms("AllowCloudWatchAlarmsToPublish")
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        Topic topic = Topic.Builder.create(this, "Topic")
                .displayName("Snowgate alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // A topic policy replaces SNS's default one, which let the account's alarms publish; enforceSsl's policy holds
        // only a Deny, so without this Allow every alarm action fails with "not authorized to perform: SNS:Publish"
        // (CloudWatch user guide, "Using Amazon SNS topics": a topic policy must allow cloudwatch.amazonaws.com).
        topic.addToResourcePolicy(fromThisAccountsAlarms("AllowCloudWatchAlarmsToPublish")
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        return topic;
    }

    /** A statement for CloudWatch acting for this account's alarms only (the confused-deputy conditions). */
    private PolicyStatement.Builder fromThisAccountsAlarms(String sid) {
        Stack stack = Stack.of(this);
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
                                .service("cloudwatch").resource("alarm").resourceName("*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))));
    }

    /** Alarms when the function reports an error or is throttled in any five-minute period. */
    public void watchFunction(String name, IFunction function) {
        MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
        alarm(name + "Errors", function.metricErrors(sum), name + " function reported errors");
        alarm(name + "Throttles", function.metricThrottles(sum), name + " function was throttled");
    }

    /**
     * Alarms when the API answers any 5xx in a five-minute period. The HTTP function answers its failures (a secret it
     * cannot read, a key Snowflake refuses, a query that cannot run as deployed) as responses, not as Lambda errors,
     * so its Errors alarm never sees them; API Gateway counts them in its 5xx metric, sent by ApiId without detailed
     * metrics ("Monitor CloudWatch metrics for HTTP APIs"), with its own integration timeouts and errors.
     */
    public void watchApi(String name, IHttpApi api) {
        alarm(name + "ServerErrors", api.metricServerError(MetricOptions.builder().period(PERIOD).statistic("Sum")
                .build()), name + " API answered with server errors (5xx)");
    }

    /**
     * Alarms when the function served its last good secret because Secrets Manager could not be read, in any
     * five-minute period. Sign-ins still succeed then, so no other alarm fires; once the grace
     * ({@code SNOWGATE_SECRET_GRACE_SECONDS}, a day by default) ends, every sign-in fails. A read refused for good (a
     * KMS key policy or IAM change) never heals on its own. By the function's own name: the namespace is every
     * deployment's.
     */
    public void watchSecretReads(String name, IFunction function) {
        alarm(name + "SecretStaleServes", Metric.Builder.create()
                        .namespace(FunctionMetrics.NAMESPACE)
                        .metricName(FunctionMetrics.SECRET_STALE_SERVES)
                        .dimensionsMap(Map.of(FunctionMetrics.FUNCTION, function.getFunctionName()))
                        .period(PERIOD)
                        .statistic("Sum")
                        .build(),
                name + " function could not read its secret from Secrets Manager and signed in with the last good"
                        + " one (secret_refresh_failed in its log); past the grace every sign-in fails");
    }

    /** Alarms when any message is waiting in the queue. */
    public void watchQueue(String name, IQueue queue) {
        alarm(name + "Depth", queue.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(PERIOD).statistic("Maximum").build()),
                name + " queue holds failed scheduled runs");
    }

    private void alarm(String id, IMetric metric, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(action);
    }

    /** The topic the alarms notify. */
    public ITopic topic() {
        return topic;
    }
}
