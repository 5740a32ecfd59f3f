package io.snowgate.infra.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.infra.workload.ScheduledQuery;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * One EventBridge Scheduler schedule per scheduled catalog query, each invoking the function's alias with
 * {@code {"query": name, "params": {...}, "scheduledTime": "2026-11-27T08:00:00Z"}}, plus the alias's asynchronous
 * invocation settings.
 *
 * <p>Written with the L1 resource so the schedule's role is exactly the one below: invoke this alias, send to this
 * dead-letter queue, nothing else.
 */
public final class QuerySchedules extends Construct {

    /** Scheduler's delivery retries: the function has not run when delivery fails, so retrying is always safe. */
    public static final int DELIVERY_RETRIES = 3;
    /** How long Scheduler and Lambda keep trying an event before it goes to its failure queue. */
    public static final int MAX_EVENT_AGE_SECONDS = 3600;
    /** Lambda's retries of a failed run when every scheduled query is marked safe to retry. */
    public static final int RUN_RETRIES_WHEN_SAFE = 2;

    /** Scheduler's context attribute for the firing time (ISO-8601, UTC), replaced in the target input. */
    public static final String SCHEDULED_TIME_ATTRIBUTE = "<aws.scheduler.scheduled-time>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Role> role;
    private final List<CfnSchedule> schedules;

    /**
     * @param alias     the scheduled function's alias
     * @param queues    the dead-letter and on-failure queues
     * @param queries   the scheduled catalog queries
     */
    public QuerySchedules(Construct scope, String id, IAlias alias, ScheduleQueues queues,
                          List<ScheduledQuery> queries) {
        super(scope, id);
        // The async config belongs to the alias, not to one query: retries only when no scheduled query forbids them.
        boolean retrySafe = queries.stream().allMatch(ScheduledQuery::retrySafe);
        alias.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(retrySafe ? RUN_RETRIES_WHEN_SAFE : 0)
                .maxEventAge(Duration.seconds(MAX_EVENT_AGE_SECONDS))
                .onFailure(new SqsDestination(queues.onFailureQueue()))
                .build());

        // No schedule, no principal that may invoke the function.
        this.role = queries.isEmpty() ? Optional.empty() : Optional.of(schedulerRole(alias, queues));
        this.schedules = role.map(r -> queries.stream().map(query -> schedule(query, alias, queues, r)).toList())
                .orElse(List.of());
    }

    private Role schedulerRole(IAlias alias, ScheduleQueues queues) {
        Stack stack = Stack.of(this);
        // The confused-deputy conditions of EventBridge Scheduler's user guide ("Set up the execution role"): this
        // account's schedules, in the group they are created in (no group named: "default").
        String defaultGroup = stack.formatArn(ArnComponents.builder().service("scheduler")
                .resource("schedule-group").resourceName("default").build());
        return Role.Builder.create(this, "Role")
                .description("EventBridge Scheduler: invokes the Snowgate scheduled function's alias")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount(), "aws:SourceArn", defaultGroup))))
                .inlinePolicies(Map.of("SnowgateScheduler", PolicyDocument.Builder.create()
                        .statements(List.of(
                                PolicyStatement.Builder.create()
                                        .sid("InvokeScheduledFunctionAlias")
                                        .effect(Effect.ALLOW)
                                        .actions(List.of("lambda:InvokeFunction"))
                                        .resources(List.of(alias.getFunctionArn()))
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .sid("SendUndeliveredToDeadLetterQueue")
                                        .effect(Effect.ALLOW)
                                        .actions(List.of("sqs:SendMessage"))
                                        .resources(List.of(queues.deadLetterQueue().getQueueArn()))
                                        .build()))
                        .build()))
                .build();
    }

    private CfnSchedule schedule(ScheduledQuery query, IAlias alias, ScheduleQueues queues, Role role) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("query", query.name());
        payload.put("params", query.params());
        // Scheduler fills in the firing time, identical on every retry: what the catalog's scheduled_time is bound to.
        payload.put("scheduledTime", SCHEDULED_TIME_ATTRIBUTE);
        return CfnSchedule.Builder.create(this, "Schedule-" + query.name())
                .description("Snowgate scheduled query " + query.name())
                .scheduleExpression(query.expression())
                .scheduleExpressionTimezone(query.timeZone())
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .state("ENABLED")
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(alias.getFunctionArn())
                        .roleArn(role.getRoleArn())
                        .input(json(payload))
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(DELIVERY_RETRIES)
                                .maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS)
                                .build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder()
                                .arn(queues.deadLetterQueue().getQueueArn())
                                .build())
                        .build())
                .build();
    }

    /**
     * The payload as JSON text, written here rather than by {@code Stack.toJsonString}: that goes through JavaScript,
     * whose numbers are doubles, and would round an integer beyond 2^53 or a 38-digit number the catalog accepted.
     */
    private static String json(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog scalars always serialise", e);
        }
    }

    /** Scheduler's role; none when the catalog schedules nothing. */
    public Optional<Role> role() {
        return role;
    }

    /** The schedules, in catalog order. */
    public List<CfnSchedule> schedules() {
        return schedules;
    }
}
