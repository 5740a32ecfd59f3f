package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleRecurrenceTest {

    /**
     * The fewest days within which each expression always fires again: true for that many, false for one fewer. A
     * cron's firing days d apart count as d + 1 days (the times of day may differ by most of one).
     */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "rate(5 minutes)          => 1",
        "rate(1 day)              => 1",
        "rate(36 hours)           => 2",
        "rate(13 days)            => 13",
        "rate(20160 minutes)      => 14",
        "cron(0 8 * * ? *)        => 2",
        "cron(*/5 * * * ? *)      => 2",
        // Friday to Monday
        "cron(0 9 ? * MON-FRI *)  => 4",
        "cron(0 9 ? * MON *)      => 8",
        // L alone in day-of-week is Saturday
        "cron(0 9 ? * L *)        => 8",
        // SUN, TUE, THU, SAT
        "cron(0 9 ? * 1,3,5,7 *)  => 3",
        // the 1st, 11th, 21st and 31st: ten days apart at most, February included
        "cron(0 9 */10 * ? *)     => 11",
        // from the 15th to the 1st of a 31-day month's next
        "cron(0 9 1,15 * ? *)     => 18",
        // February's last day to March's
        "cron(0 9 L * ? *)        => 32",
        // the first Monday, and the last Friday: four or five weeks apart
        "cron(0 9 ? * 2#1 *)      => 36",
        "cron(0 9 ? * MON#1 *)    => 36",
        "cron(0 9 ? * 6L *)       => 36",
        // every day of December, then eleven months of nothing (336 days from one to the next in a leap year)
        "cron(0 0 * 12 ? *)       => 337",
    })
    void firesAtLeastEvery_holdsFromTheLongestGapBetweenFirings(String expression, int fewestDays) {
        assertThat(ScheduleRecurrence.firesAtLeastEvery(expression, fewestDays)).isTrue();
        if (fewestDays > 1) {
            assertThat(ScheduleRecurrence.firesAtLeastEvery(expression, fewestDays - 1)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "at(2030-01-01T00:00:00)",
        // limited to some years: it stops for good
        "cron(0 0 * * ? 2030)", "cron(0 0 * * ? 2026-2199)",
        // the fifth Monday is missing from most months
        "cron(0 9 ? * 2#5 *)",
        // the 31st, in seven months of the year
        "cron(0 9 31 * ? *)",
    })
    void firesAtLeastEvery_isFalseForSchedulesThatStopOrSkipMonths(String expression) {
        assertThat(ScheduleRecurrence.firesAtLeastEvery(expression, 60)).isFalse();
    }

    @Test
    void weekdayWildcards_stayInTheirMonth_andFireMonthly() {
        // 15W moves to the nearest weekday, so two firings are 28 to 35 days apart; 1W never moves into the month
        // before, and LW is the last weekday.
        for (String expression : new String[] {"cron(0 12 15W * ? *)", "cron(0 12 1W * ? *)", "cron(0 12 LW * ? *)"}) {
            assertThat(ScheduleRecurrence.firesAtLeastEvery(expression, 27)).as(expression).isFalse();
            assertThat(ScheduleRecurrence.firesAtLeastEvery(expression, 36)).as(expression).isTrue();
        }
    }

    @Test
    void aListFiresWhenAnyOfItsItemsDoes() {
        assertThat(ScheduleRecurrence.firesAtLeastEvery("cron(0 9 ? * 6L *)", 27)).isFalse();
        assertThat(ScheduleRecurrence.firesAtLeastEvery("cron(0 9 ? * MON,6L *)", 8)).isTrue();
        assertThat(ScheduleRecurrence.firesAtLeastEvery("cron(0 9 1,15 * ? *)", 17)).isFalse();
        assertThat(ScheduleRecurrence.firesAtLeastEvery("cron(0 9 1,8,15,22,L * ? *)", 10)).isTrue();
    }

    @Test
    void days_mustBePositive() {
        assertThatThrownBy(() -> ScheduleRecurrence.firesAtLeastEvery("rate(1 day)", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("days must be positive");
    }
}
