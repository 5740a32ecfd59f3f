package io.snowgate.cli.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartBenchTest {

    @Test
    void countClasses_countsEveryLoad_bySource_andThoseBetweenTheFirstInvocationsMarkers() {
        List<String> log = List.of(
                "[class,load] java.lang.Object source: shared objects file",
                "[class,load] com.example.A source: file:/tmp/f/lib/snowflake-jdbc-4.4.1-slim.jar",
                FunctionProcess.FIRST_INVOCATION_START,
                "[class,load] net.snowflake.client.jdbc.internal.org.bouncycastle.X source: file:/tmp/f/lib/"
                        + "snowflake-jdbc-4.4.1-slim.jar",
                "[class,load] com.example.B$$Lambda/0x01 source: com.example.B",
                "{\"level\":\"INFO\"}",
                FunctionProcess.FIRST_INVOCATION_END,
                "[class,load] com.example.C source: file:/tmp/f/lib/jackson-databind-2.23.0.jar");

        ColdStartBench.ClassCounts counts = ColdStartBench.countClasses(log);

        assertThat(counts.total()).isEqualTo(5);
        assertThat(counts.firstInvocation()).isEqualTo(2);
        assertThat(counts.bySource()).containsEntry("JDK", 1).containsEntry("snowflake-jdbc", 1)
                .containsEntry("snowflake-jdbc (its relocated BouncyCastle)", 1)
                .containsEntry("generated at run time (lambdas, proxies, method handles)", 1)
                .containsEntry("jackson-databind", 1);
    }
}
