package io.snowgate.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.cli.soak.SoakPlan.Kind;
import io.snowgate.cli.soak.SoakPlan.Trigger;
import io.snowgate.cli.soak.SoakPlan.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoakPlanTest {

    private static List<Work> works(SoakPlan plan) {
        List<Work> works = new ArrayList<>();
        for (int e = 0; e < plan.settings().environments(); e++) {
            for (int i = 0; i < plan.settings().invocations(); i++) {
                works.add(plan.work(e, i));
            }
        }
        return works;
    }

    private static List<Optional<SecretsFault>> episodes(SoakPlan plan) {
        List<Optional<SecretsFault>> faults = new ArrayList<>();
        for (int e = 0; e < plan.settings().environments(); e++) {
            for (int episode = 0; episode < 20; episode++) {
                faults.add(plan.secretsFault(e, episode));
            }
        }
        return faults;
    }

    @Test
    void theSameSeed_plansTheSameRun() {
        SoakPlan first = SoakPlan.of(new SoakSettings(42, 8, 200));
        SoakPlan again = SoakPlan.of(new SoakSettings(42, 8, 200));

        assertThat(works(again)).isEqualTo(works(first));
        assertThat(again.triggers()).isEqualTo(first.triggers());
        assertThat(episodes(again)).isEqualTo(episodes(first));
        assertThat(again.pollEnvironment(again.work(3, 7), 2)).isEqualTo(first.pollEnvironment(first.work(3, 7), 2));
    }

    @Test
    void anotherSeed_plansAnotherRun() {
        assertThat(works(SoakPlan.of(new SoakSettings(43, 8, 200))))
                .isNotEqualTo(works(SoakPlan.of(new SoakSettings(42, 8, 200))));
    }

    @Test
    void faultsThatRunAStatementTwice_areAimedAtRetrySafeStatementsOnly() {
        List<Work> twice = works(SoakPlan.of(new SoakSettings(7, 32, 1000))).stream()
                .filter(w -> w.fault().map(StatementFault::runsTwice).orElse(false)).toList();

        assertThat(twice).isNotEmpty().allSatisfy(w -> assertThat(w.query().retrySafe()).isTrue());
    }

    @Test
    void aShortRun_aimsEveryStatementFault_mixesEveryKind_andColdStartsInAnOutage() {
        SoakPlan plan = SoakPlan.of(new SoakSettings(ChaosSoakTest.SEED, 4, 40));

        assertThat(works(plan)).extracting(w -> w.fault().orElse(null)).contains(StatementFault.values());
        assertThat(works(plan)).extracting(Work::kind).contains(Kind.values());
        assertThat(List.of(plan.secretsFault(0, 0), plan.secretsFault(1, 0), plan.secretsFault(2, 0),
                plan.secretsFault(3, 0))).contains(Optional.of(SecretsFault.OUTAGE));
    }

    @Test
    void globalFaults_happenInOrder_withinTheRun_theRotationOnce() {
        SoakPlan plan = SoakPlan.of(new SoakSettings(5, 32, 1000));

        assertThat(plan.triggers()).extracting(Trigger::afterCompleted).isSorted()
                .allSatisfy(at -> assertThat(at).isBetween(1, 32_000));
        assertThat(plan.triggers()).extracting(Trigger::fault).contains(GlobalFault.values())
                .filteredOn(f -> f == GlobalFault.KEY_ROTATION).hasSize(1);
    }
}
