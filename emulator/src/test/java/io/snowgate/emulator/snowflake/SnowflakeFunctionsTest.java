package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snowflake functions whose answers differ from H2's functions of the same name or that H2 lacks, through the real
 * driver, each checked against its docs page.
 */
class SnowflakeFunctionsTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    @Test
    void regexpLike_matchesTheWholeSubject_inEveryItsSpellings() throws Exception {
        // docs: functions/regexp_like ("implicitly anchors a pattern at both ends"), functions/rlike, functions/regexp.
        assertThat(snowflake.single("SELECT REGEXP_LIKE('abc', 'b') || '/' || REGEXP_LIKE('abc', 'a.c') || '/'"
                + " || RLIKE('abc', 'b.*') || '/' || RLIKE('abc', '.*b.*')")).isEqualTo("FALSE/TRUE/FALSE/TRUE");
        assertThat(snowflake.single("SELECT ('abc' REGEXP 'b') || '/' || ('abc' RLIKE 'a.*') || '/'"
                + " || ('abc' NOT RLIKE 'b') || '/' || ('ABC' RLIKE 'abc')")).isEqualTo("FALSE/TRUE/TRUE/FALSE");
        assertThat(snowflake.single("SELECT REGEXP_LIKE('ABC', 'abc', 'i') || '/' || REGEXP_LIKE('ABC', 'abc', 'ic')"
                + " || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b', 's') || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b')"))
                .isEqualTo("TRUE/FALSE/TRUE/FALSE");
        assertThat(snowflake.single("SELECT NVL(REGEXP_LIKE(NULL, 'a')::STRING, 'null')")).isEqualTo("null");
        snowflake.execute("CREATE TABLE CODES (CODE VARCHAR)");
        snowflake.execute("INSERT INTO CODES VALUES ('AB-12'), ('XAB-12'), ('ab-123')");
        assertThat(snowflake.single("SELECT LISTAGG(CODE, ',') WITHIN GROUP (ORDER BY CODE) FROM CODES"
                + " WHERE CODE RLIKE '[A-Z]{2}-[0-9]{2}'")).isEqualTo("AB-12");
        assertThat(snowflake.single("SELECT COUNT(*) FROM CODES WHERE CODES.CODE NOT REGEXP '[A-Z]{2}-[0-9]{2}'"))
                .isEqualTo("2");
        try (PreparedStatement prepared = snowflake.connection().prepareStatement(
                "SELECT COUNT(*) FROM CODES WHERE REGEXP_LIKE(CODE, ?, 'i')")) {
            prepared.setString(1, "[a-z]{2}-[0-9]+");
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }
}
