package io.snowgate.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link SqlScanner#scan}, which promises never to throw (malformed SQL is reported in
 * {@link SqlScan#problems()}): nothing may escape, and what it reports holds together: each placeholder is the
 * {@code :name} text at its offsets, in order and apart, and {@link SqlScan#jdbcSql()} has one {@code ?} in place of
 * each. Inputs: {@code src/test/resources/io/snowgate/catalog/sql/SqlScannerFuzzTestInputs/}.
 */
class SqlScannerFuzzTest {

    @FuzzTest
    void scan_neverThrows_andReportsPlaceholdersWhereTheyAre(byte[] input) {
        String sql = new String(input, StandardCharsets.UTF_8);

        SqlScan scan = SqlScanner.scan(sql);

        int previousEnd = 0;
        int removed = 0;
        for (ParameterOccurrence p : scan.parameters()) {
            assertThat(p.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(p.name()).matches("[A-Za-z_][A-Za-z0-9_]*");
            assertThat(sql.substring(p.start(), p.end())).isEqualTo(":" + p.name());
            previousEnd = p.end();
            removed += p.end() - p.start() - 1;
        }
        assertThat(scan.jdbcSql()).hasSize(sql.length() - removed);
        assertThat(scan.isReadOnly()).isNotNull();
        if (scan.empty()) {
            assertThat(scan.parameters()).isEmpty();
        }
    }
}
