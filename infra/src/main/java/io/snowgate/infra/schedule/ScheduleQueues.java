package io.snowgate.infra.schedule;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The two places a failed scheduled run ends up. Scheduler hands the event to Lambda asynchronously, so its
 * dead-letter queue only sees events Lambda never accepted; runs that failed after Lambda accepted them reach the
 * on-failure destination of the function's asynchronous invocation instead. Both are SSE-encrypted and TLS-only.
 */
public final class ScheduleQueues extends Construct {

    private static final Duration RETENTION = Duration.days(14);

    private final Queue deadLetterQueue;
    private final Queue onFailureQueue;

    public ScheduleQueues(Construct scope, String id) {
        super(scope, id);
        this.deadLetterQueue = queue("SchedulerDeadLetters",
                "EventBridge Scheduler's dead-letter queue: this queue is the end of that path itself.");
        this.onFailureQueue = queue("FailedRuns",
                "The asynchronous invocation's on-failure destination: this queue is the end of that path itself.");
    }

    private Queue queue(String id, String whyNoDeadLetterQueue) {
        Queue queue = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(RETENTION)
                .build();
        NagSuppressions.addResourceSuppressions(queue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason(whyNoDeadLetterQueue + " Its depth is alarmed on.")
                .build()));
        return queue;
    }

    /** Where Scheduler puts events it could not deliver to the function. */
    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** Where Lambda puts scheduled runs that failed (after the allowed retries) or grew too old. */
    public Queue onFailureQueue() {
        return onFailureQueue;
    }

    /** What the scheduled function's role needs for the on-failure destination. */
    public PolicyStatement onFailureSendStatement() {
        return PolicyStatement.Builder.create()
                .sid("SendFailedRunsToOnFailureQueue")
                .effect(Effect.ALLOW)
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(onFailureQueue.getQueueArn()))
                .build();
    }
}
