package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(30 days)",
        "cron(0 8 * * ? *)", "cron(0/15 * * * ? *)", "cron(15 10 ? * 6L 2026-2030)", "cron(0 18 ? * MON-FRI *)",
        "cron(0 10 * * ? *)", "cron(0 9 ? * 2#1 *)", "cron(30 0 L * ? *)", "cron(0 12 15W * ? *)",
        "cron(0 0 LW JAN,JUL ? *)", "cron(5,35 14 1-15/2 * ? 2026)", "cron(0 0 ? DEC SUN,SAT *)",
        "cron(59 23 31 12 ? 2199)", "cron(0 0 ? * L *)", "cron(*/10 * ? * * *)", "cron(0 8 1 JAN-MAR ? 1970)",
        "cron(0/59 * * * ? *)", "cron(0 */23 1/31 */12 ? *)",
        "at(2026-01-01T00:00:00)", "at(2028-02-29T23:59:59)",
    })
    void problems_isEmpty_forValidExpressions(String expression) {
        assertThat(ScheduleExpressions.problems(expression)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "``                             => schedule expression is empty",
        "every 5 minutes                => schedule expression must be rate(...), cron(...) or at(...)",
        "RATE(5 minutes)                => schedule expression must be rate(...), cron(...) or at(...)",
        "rate(5minutes)                 => rate expression must look like rate(5 minutes)",
        "rate(5 minutes                 => rate expression must look like rate(5 minutes)",
        "rate(0 minutes)                => rate value must be a positive whole number",
        "rate(-5 minutes)               => rate value must be a positive whole number",
        "rate(1.5 hours)                => rate value must be a positive whole number",
        "rate(5 seconds)                => rate unit must be minute(s), hour(s) or day(s)",
        "rate(2 weeks)                  => rate unit must be minute(s), hour(s) or day(s)",
        "rate(1 minutes)                => rate of 1 takes a singular unit, e.g. rate(1 minute)",
        "rate(5 hour)                   => rate above 1 takes a plural unit, e.g. rate(5 hours)",
        "cron(0 8 * * *)                => cron expression must have 6 fields (minutes hours day-of-month month day-of-week year), found 5",
        "cron(0 0 8 * * ? *)            => cron expression must have 6 fields (minutes hours day-of-month month day-of-week year), found 7",
        "cron(0 8 * * * *)              => cron: exactly one of day-of-month and day-of-week must be '?'",
        "cron(0 8 ? * ? *)              => cron: exactly one of day-of-month and day-of-week must be '?'",
        "cron(0 8 1 * MON *)            => cron: exactly one of day-of-month and day-of-week must be '?'",
        "cron(60 8 * * ? *)             => cron minutes: values must be from 0 to 59",
        "cron(0 24 * * ? *)             => cron hours: values must be from 0 to 23",
        "cron(0 8 0 * ? *)              => cron day-of-month: values must be from 1 to 31",
        "cron(0 8 32 * ? *)             => cron day-of-month: values must be from 1 to 31",
        "cron(0 8 * 13 ? *)             => cron month: values must be from 1 to 12",
        "cron(0 8 * FOO ? *)            => cron month: values must be numbers from 1 to 12 or JAN/FEB/MAR/APR/MAY/JUN/JUL/AUG/SEP/OCT/NOV/DEC",
        "cron(0 8 ? * 8 *)              => cron day-of-week: values must be from 1 to 7",
        "cron(0 8 ? * 0 *)              => cron day-of-week: values must be from 1 to 7",
        "cron(0 8 * * ? 1969)           => cron year: values must be from 1970 to 2199",
        "cron(0 8 * * ? 2200)           => cron year: values must be from 1970 to 2199",
        "cron(? 8 * * ? *)              => cron minutes: '?' is only allowed in day-of-month and day-of-week",
        "cron(0/0 8 * * ? *)            => cron minutes: step after '/' must be a positive whole number",
        "cron(*/x 8 * * ? *)            => cron minutes: step after '/' must be a positive whole number",
        "cron(*/60 * * * ? *)           => cron minutes: step after '/' must be at most 59",
        "cron(0 0/24 * * ? *)           => cron hours: step after '/' must be at most 23",
        "cron(0 8 1/32 * ? *)           => cron day-of-month: step after '/' must be at most 31",
        "cron(0 8 1 */13 ? *)           => cron month: step after '/' must be at most 12",
        "cron(0 8 ? * 1/2 *)            => cron day-of-week: '/' steps are not allowed here; list the days instead, e.g. SUN,TUE,THU,SAT",
        "cron(0 8 ? * */2 *)            => cron day-of-week: '/' steps are not allowed here; list the days instead, e.g. SUN,TUE,THU,SAT",
        "cron(0 8 ? * MON-FRI/2 *)      => cron day-of-week: '/' steps are not allowed here; list the days instead, e.g. SUN,TUE,THU,SAT",
        "cron(0 17-9 * * ? *)           => cron hours: range start must not be after its end",
        "cron(0 8 ? * FRI-MON *)        => cron day-of-week: range start must not be after its end",
        "cron(0 8 1,,2 * ? *)           => cron day-of-month: empty list item",
        "cron(0 8 L * MON *)            => cron: exactly one of day-of-month and day-of-week must be '?'",
        "cron(0 8 40W * ? *)            => cron day-of-month: W needs a day of the month, e.g. 15W",
        "cron(0 8 ? * 2#6 *)            => cron day-of-week: # needs a day of the week and an occurrence from 1 to 5, e.g. 2#1",
        "cron(0 8 ? * 9L *)             => cron day-of-week: L needs a day of the week, e.g. 6L",
        "cron(0 8 ? * 3#1,6#3 *)        => cron day-of-week: a # expression must be the field's only one, e.g. 2#1",
        "cron(0 8 ? * MON,2#1 *)        => cron day-of-week: a # expression must be the field's only one, e.g. 2#1",
        "cron(0 8 L * ? L)              => cron year: values must be numbers from 1970 to 2199",
        "cron(0 8 # * ? *)              => cron day-of-month: values must be numbers from 1 to 31",
        "at(2026-01-01 00:00:00)        => at expression must be a valid date and time like at(2026-01-01T00:00:00)",
        "at(2026-02-30T00:00:00)        => at expression must be a valid date and time like at(2026-01-01T00:00:00)",
        "at(2026-01-01T00:00)           => at expression must be a valid date and time like at(2026-01-01T00:00:00)",
        "at(2026-01-01T00:00:00Z)       => at expression must be a valid date and time like at(2026-01-01T00:00:00)",
        "at(2026-01-01T24:00:00)        => at expression must be a valid date and time like at(2026-01-01T00:00:00)",
    })
    void problems_explainsInvalidExpressions(String expression, String problem) {
        assertThat(ScheduleExpressions.problems(expression)).containsExactly(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Etc/GMT+5"})
    void isTimeZone_acceptsIanaNames(String zone) {
        assertThat(ScheduleExpressions.isTimeZone(zone)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Europe/Pariss", "+02:00", "GMT+2", "europe/paris", "Mars/Olympus"})
    void isTimeZone_refusesOtherZoneForms(String zone) {
        assertThat(ScheduleExpressions.isTimeZone(zone)).isFalse();
    }
}
