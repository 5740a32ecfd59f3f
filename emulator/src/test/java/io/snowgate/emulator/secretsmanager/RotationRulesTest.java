package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.RotationRulesType;

/**
 * RotateSecret's schedules and rotation windows as the Secrets Manager user guide documents them ("Rotation
 * schedules", rotate-secrets_schedule) and RotationRulesType describes them: what AWS accepts is recorded, what it
 * refuses is an InvalidParameterException that leaves the configuration as it was. Through the AWS SDK for Java.
 */
class RotationRulesTest extends DefaultStandInTest {

    private static final String NAME = "snowgate/prod/snowflake";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";

    @BeforeEach
    void createSecret() {
        client().createSecret(r -> r.name(NAME).secretString("v"));
    }

    private void rotate(Consumer<RotationRulesType.Builder> rules) {
        client().rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN).rotationRules(rules));
    }

    private RotationRulesType described() {
        return client().describeSecret(r -> r.secretId(NAME)).rotationRules();
    }

    private void assertRefused(Consumer<RotationRulesType.Builder> rules, String rule) {
        assertThatThrownBy(() -> rotate(rules)).isInstanceOfSatisfying(InvalidParameterException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(rule);
        });
    }

    /** {@code schedule} alone is refused as an invalid ScheduleExpression, for the reason {@code rule} names. */
    private void assertScheduleRefused(String schedule, String rule) {
        assertRefused(rules -> rules.scheduleExpression(schedule), "Invalid ScheduleExpression " + schedule + ": ");
        assertRefused(rules -> rules.scheduleExpression(schedule), rule);
    }

    /** The guide's and the API reference's own examples, and the edges of each documented range. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
        "rate(4 hours)                       | 4h",
        "rate(1 day)                         | 24h",
        "rate(10 days)                       | -",
        "rate(999 days)                      | -",
        "rate(23976 hours)                   | 24h",
        "cron(0 16 1,15 * ? *)               | 2h",
        "cron(0 10 * * ? *)                  | 14h",
        "cron(0 4/12 * * ? *)                | 8h",
        "cron(0 18 ? * SAT *)                | -",
        "cron(0 8 1 * ? *)                   | -",
        "cron(0 1 * 1/3 SUN *)               | -",
        "cron(0 17 L * ? *)                  | 7h",
        "cron(0 8 ? * MON-FRI *)             | -",
        "cron(0 0 ? * SUN#1 *)               | 1h",
        "cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *) | -",
        "cron(0 0 ? * 6L *)                  | -",
        "cron(0 0,4,8,12,16,20 ? * * *)      | 4h",
    })
    void rotateSecret_documentedScheduleAndWindow_isRecorded(String schedule, String duration) {
        rotate(rules -> rules.scheduleExpression(schedule).duration(duration));

        assertThat(described().scheduleExpression()).isEqualTo(schedule);
        assertThat(described().duration()).isEqualTo(duration);
    }

    @Test
    void rotateSecret_automaticallyAfterDaysAndAScheduleExpression_isAnInvalidParameter_inAwsWords() {
        assertThatThrownBy(() -> rotate(rules -> rules.automaticallyAfterDays(30L).scheduleExpression("rate(1 day)")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(
                        e.awsErrorDetails().errorMessage()).isEqualTo(
                        "You cannot specify both rotation frequency and schedule expression together."));
        assertThat(described()).isNull();
    }

    @Test
    void rotateSecret_automaticallyAfterDays_takesAWindowOfAtMostTheDay() {
        rotate(rules -> rules.automaticallyAfterDays(1000L).duration("24h"));
        assertThat(described().automaticallyAfterDays()).isEqualTo(1000L);

        assertRefused(rules -> rules.automaticallyAfterDays(30L).duration("25h"),
                "Invalid Duration 25h: the rotation window must not extend into the next UTC day.");
        assertRefused(rules -> rules.automaticallyAfterDays(30L).duration("0h"),
                "Invalid Duration 0h: the rotation window must be at least one hour.");
    }

    /** "You can rotate a secret as often as every four hours. The maximum rotation period is 999 days." */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rate(3 hours)     | at most every 4 hours",
        "rate(1 hour)      | at most every 4 hours",
        "rate(0 days)      | Value must be a positive whole number",
        "rate(1000 days)   | the longest rotation period is 999 days",
        "rate(23977 hours) | the longest rotation period is 999 days",
        "rate(5 minutes)   | Unit hour, hours, day or days",
        "rate(4 Hours)     | Unit hour, hours, day or days",
        "rate(4  hours)    | rate(Value Unit)",
        "every 4 hours     | use rate(Value Unit) or cron(",
    })
    void rotateSecret_rateOutsideTheDocumentedRange_isAnInvalidParameter(String schedule, String rule) {
        assertScheduleRefused(schedule, rule);
    }

    /** The guide's table: six fields, Minutes 0, Year *, each field's values and wildcards, ? in one day field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cron(0 8 * * ?)          | six fields",
        "cron(0 8 * * ? * *)      | six fields",
        "cron(0  8 * * ? *)       | six fields",
        "cron(30 8 * * ? *)       | Minutes must be 0",
        "cron(0 8 * * ? 2027)     | Year must be *",
        "cron(0 24 * * ? *)       | the Hours field takes 0-23",
        "cron(0 L * * ? *)        | the Hours field does not take the wildcard L",
        "cron(0 8 32 * ? *)       | the Day-of-month field takes 1-31",
        "cron(0 8 ? 13 MON *)     | the Month field takes 1-12 or JAN-DEC",
        "cron(0 8 ? L MON *)      | the Month field does not take the wildcard L",
        "cron(0 8 ? * 8 *)        | the Day-of-week field takes 1-7 or SUN-SAT",
        "cron(0 8 1#2 * ? *)      | the Day-of-month field does not take the wildcard #",
        "cron(0 8 ? * TUE#6 *)    | # takes a day of the week",
        "cron(0 8 ? * 2/0 *)      | must be a positive whole number",
        "cron(0 8 20-10 * ? *)    | ends before it starts",
        "cron(0 8 1 * MON *)      | can't both be specified",
        "cron(0 8 ? * ? *)        | only one of Day-of-month and Day-of-week can be ?",
        "cron(0 */2 * * ? *)      | windows open 2 hours apart",
        "cron(0 * * * ? *)        | windows open 1 hour apart",
        "cron(0 6,8 * * ? *)      | windows open 2 hours apart",
    })
    void rotateSecret_cronOutsideTheGuidesTable_isAnInvalidParameter(String schedule, String rule) {
        assertScheduleRefused(schedule, rule);
    }

    /** "The window must not extend into the next rotation window or the next UTC day", and lasts one hour at least. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rate(4 hours)        | 5h  | must not extend into the next rotation window, 4 hours after it opens",
        "rate(12 hours)       | 13h | must not extend into the next rotation window, 12 hours after it opens",
        "rate(1 day)          | 25h | must not extend into the next UTC day",
        "rate(30 hours)       | 25h | must not extend into the next UTC day",
        "cron(0 20 * * ? *)   | 5h  | must not extend into the next UTC day, as the day's last window"
            + " opens at 20:00 UTC",
        "cron(0 4/12 * * ? *) | 9h  | must not extend into the next UTC day, as the day's last window"
            + " opens at 16:00 UTC",
        "cron(0 4,10 * * ? *) | 7h  | must not extend into the next rotation window, 6 hours after one opens",
        "rate(10 days)        | 0h  | must be at least one hour",
        "rate(10 days)        | 00h | must be at least one hour",
    })
    void rotateSecret_windowThatRunsIntoTheNextWindowOrDay_isAnInvalidParameter(String schedule, String duration,
            String rule) {
        assertRefused(rules -> rules.scheduleExpression(schedule).duration(duration),
                "Invalid Duration " + duration + ": the rotation window " + rule + ".");
    }

    /**
     * For AutomaticallyAfterDays and rate() the date is the last second of the first window after the last rotation
     * (here the creation, on 2026-02-03 at 17:34 UTC), the windows opening at midnight UTC and lasting the Duration or
     * by default the day, or an hour for a rate in hours.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
        "30 | -              | -  | 2026-03-05T23:59:59Z",
        "1  | -              | 3h | 2026-02-04T02:59:59Z",
        "-  | rate(1 day)    | -  | 2026-02-04T23:59:59Z",
        "-  | rate(10 days)  | 2h | 2026-02-13T01:59:59Z",
        "-  | rate(4 hours)  | -  | 2026-02-03T20:59:59Z",
        "-  | rate(6 hours)  | 6h | 2026-02-03T23:59:59Z",
        "-  | rate(30 hours) | -  | 2026-02-04T06:59:59Z",
    })
    void describeSecret_automaticallyAfterDaysOrRate_givesTheLastSecondOfTheNextWindow(Long days, String schedule,
            String duration, Instant expected) {
        MutableClock clock = new MutableClock(Instant.parse("2026-02-03T17:34:02Z"));
        try (SecretsManagerStandIn own = new SecretsManagerStandIn(0, "us-east-1", "111122223333", clock).start();
                SecretsManagerClient sdk = SdkClients.against(own, clock)) {
            sdk.createSecret(r -> r.name(NAME).secretString("v"));
            clock.advance(Duration.ofDays(1));
            sdk.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN).rotationRules(rules -> rules
                    .automaticallyAfterDays(days).scheduleExpression(schedule).duration(duration)));

            assertThat(sdk.describeSecret(r -> r.secretId(NAME)).nextRotationDate()).isEqualTo(expected);
        }
    }

    /**
     * DescribeSecret and ListSecrets give, for a cron() schedule, the last second of the first window to come: when
     * the window opens at an hour the expression selects, plus the Duration or the default window (an hour for several
     * windows a day, else to the end of the day). The first row is a secret rotated on a Monday inside the Monday
     * window, which does not count again; the others count from Tuesday 2026-12-29 15:00 UTC, or 16:00 as a window opens, which
     * is not one to come. A day-of-week L is SAT, the week's last day; 30 FEB never comes.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
        "2023-10-16T07:18:02Z | cron(0 0 ? * 2 *)                    | -  | 2023-10-23T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 16 * * ? *)                   | -  | 2026-12-29T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 10 * * ? *)                   | 3h | 2026-12-30T12:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 4/12 * * ? *)                 | -  | 2026-12-29T16:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 8 ? * MON-FRI *)              | -  | 2026-12-30T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 16 1,15 * ? *)                | 2h | 2027-01-01T17:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 17 L * ? *)                   | 7h | 2026-12-31T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 17 L APR ? *)                 | 7h | 2027-04-30T23:59:59Z",
        "2026-12-29T16:00:00Z | cron(0 16 * * ? *)                   | -  | 2026-12-30T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 0 ? * SUN#1 *)                | 1h | 2027-01-03T00:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 0 ? * THU#1 *)                | 2h | 2027-01-07T01:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 0 ? * L *)                    | -  | 2027-01-02T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 0 ? * 6L *)                   | -  | 2027-01-29T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *) | -  | 2027-02-09T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 1 * 1/3 SUN *)                | -  | 2027-01-03T23:59:59Z",
        "2026-12-29T15:00:00Z | cron(0 8 30 FEB ? *)                 | -  | -",
    })
    void describeSecret_cronSchedule_givesTheLastSecondOfTheNextWindow(Instant now, String schedule, String duration,
            Instant expected) {
        MutableClock clock = new MutableClock(now);
        try (SecretsManagerStandIn own = new SecretsManagerStandIn(0, "us-east-1", "111122223333", clock).start();
                SecretsManagerClient sdk = SdkClients.against(own, clock)) {
            sdk.createSecret(r -> r.name(NAME).secretString("v"));
            sdk.rotateSecret(r -> r.secretId(NAME).rotationLambdaARN(LAMBDA_ARN)
                    .rotationRules(rules -> rules.scheduleExpression(schedule).duration(duration)));

            assertThat(sdk.describeSecret(r -> r.secretId(NAME)).nextRotationDate()).isEqualTo(expected);
            assertThat(sdk.listSecrets(r -> { }).secretList()).singleElement()
                    .satisfies(entry -> assertThat(entry.nextRotationDate()).isEqualTo(expected));
        }
    }

    /**
     * What {@code local up --state-dir} kept comes back through RotateSecret's checks: a state file edited by hand,
     * or kept before a check existed, cannot serve rules AWS refuses. A refused secret is not served at all.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", value = {
        "-  | -   | cron(30 8 * * ? *)  | Invalid ScheduleExpression cron(30 8 * * ? *): Minutes must be 0",
        "-  | 5h  | rate(4 hours)       | Invalid Duration 5h: the rotation window must not extend into the next"
            + " rotation window",
        "-  | -   | cron(0 8 1 * MON *) | Day-of-month and Day-of-week can't both be specified",
        "0  | -   | -                   | Value '0' at 'rotationRules.automaticallyAfterDays' failed to satisfy"
            + " constraint: Member must have value greater than or equal to 1",
        "-  | 3 h | -                   | Value '3 h' at 'rotationRules.duration' failed to satisfy constraint:"
            + " Member must satisfy regular expression pattern",
        "30 | -   | rate(1 day)         | You cannot specify both rotation frequency and schedule expression"
            + " together.",
    })
    void load_storedRotationRulesRotateSecretRefuses_failsNamingTheSecretAndTheRule(Long days, String duration,
            String schedule, String rule) {
        rotate(rules -> rules.scheduleExpression("cron(0 8 ? * MON *)").duration("2h"));
        StoredSecret kept = standIn.get().storedSecrets().getFirst();
        StoredSecret edited = new StoredSecret(kept.name(), kept.arn(), kept.created(), kept.description(),
                kept.kmsKeyId(), kept.tags(), kept.rotationEnabled(), kept.rotationLambdaArn(), days, duration,
                schedule, kept.lastRotated(), kept.versions());

        try (SecretsManagerStandIn restarted = new SecretsManagerStandIn()) {
            assertThatThrownBy(() -> restarted.load(List.of(edited)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("secret " + NAME + " was stored with rotation rules RotateSecret refuses: ")
                    .hasMessageContaining(rule);

            restarted.load(List.of(kept));
            restarted.start();
            try (SecretsManagerClient sdk = SdkClients.against(restarted)) {
                RotationRulesType served = sdk.describeSecret(r -> r.secretId(NAME)).rotationRules();
                assertThat(served.scheduleExpression()).isEqualTo("cron(0 8 ? * MON *)");
                assertThat(served.duration()).isEqualTo("2h");
            }
        }
    }

    @Test
    void rotateSecret_refusedRules_leaveTheConfigurationAsItWas() {
        rotate(rules -> rules.scheduleExpression("rate(10 days)").duration("3h"));

        assertRefused(rules -> rules.scheduleExpression("rate(1 hour)"), "at most every 4 hours");
        assertRefused(rules -> rules.scheduleExpression("rate(4 hours)").duration("6h"), "next rotation window");

        assertThat(described().scheduleExpression()).isEqualTo("rate(10 days)");
        assertThat(described().duration()).isEqualTo("3h");
        assertThat(client().describeSecret(r -> r.secretId(NAME)).versionIdsToStages()).hasSize(1);
    }
}
