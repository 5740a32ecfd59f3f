package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Division as Snowflake does it (docs: sql-reference/operators-arithmetic, "Division"): never integer division; a
 * NUMBER quotient has scale {@code max(S1, min(S1 + 6, 12))} and leading digits {@code L1 + S2}; a FLOAT operand
 * makes a FLOAT quotient; dividing by zero fails 100051. Read back through the real driver.
 */
class SnowflakeDivisionTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        connection = snowflake.connection();
        execute(connection, "CREATE TABLE ORDERS (ID INT, QTY NUMBER(10,0), PRICE NUMBER(10,2), WEIGHT FLOAT)");
        execute(connection, "INSERT INTO ORDERS VALUES (1, 3, 10.00, 1.5), (2, 4, 2.50, 2.0), (3, 0, 1.25, 0.0)");
    }

    /** The first row's value of the only column, with the column's metadata checked by the caller. */
    private record Single(BigDecimal value, String text, ResultSetMetaData meta) {
    }

    private Single single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return new Single(rows.getBigDecimal(1), rows.getString(1), rows.getMetaData());
        }
    }

    @Test
    void integerLiterals_divideToSixDecimals_notIntegerDivision() throws Exception {
        Single third = single("SELECT 1/3");
        assertThat(third.value()).isEqualTo(new BigDecimal("0.333333"));
        assertThat(third.meta().getColumnType(1)).isEqualTo(Types.DECIMAL);
        // 1 and 3 are NUMBER(1,0): leading digits 1 + 0, scale 6 (docs: operators-arithmetic).
        assertThat(third.meta().getPrecision(1)).isEqualTo(7);
        assertThat(third.meta().getScale(1)).isEqualTo(6);
        assertThat(single("SELECT 7/2").value()).isEqualTo(new BigDecimal("3.500000"));
        // Rounded, not truncated: 2/3 is 0.666667.
        assertThat(single("SELECT 2/3").value()).isEqualTo(new BigDecimal("0.666667"));
        assertThat(single("SELECT -2/3").value()).isEqualTo(new BigDecimal("-0.666667"));
    }

    @Test
    void decimalOperands_keepTheDividendsScalePlusSix_upToTwelve() throws Exception {
        // The page's own examples: 10.1 / 2.1 has scale 1 + 6; 10.001 / .001 has scale 3 + 6.
        Single page = single("SELECT 10.1 / 2.1");
        assertThat(page.value()).isEqualTo(new BigDecimal("4.8095238"));
        // NUMBER(3,1) / NUMBER(2,1): leading digits 2 + 1, precision 3 + 7.
        assertThat(page.meta().getPrecision(1)).isEqualTo(10);
        assertThat(single("SELECT 10.001 / .001").value()).isEqualTo(new BigDecimal("10001.000000000"));
        // A dividend already past 12 decimals keeps its own scale.
        Single fine = single("SELECT 1.0000000000000 / 3");
        assertThat(fine.value()).isEqualTo(new BigDecimal("0.3333333333333"));
        assertThat(fine.meta().getScale(1)).isEqualTo(13);
        // Scale 9 stops at 12.
        assertThat(single("SELECT 1.000000000 / 3").meta().getScale(1)).isEqualTo(12);
    }

    @Test
    void ratioOfColumns_isTypedFromTheColumns() throws Exception {
        Single ratio = single("SELECT PRICE / QTY FROM ORDERS WHERE ID = 1");
        // NUMBER(10,2) / NUMBER(10,0): scale 2 + 6, leading digits 8 + 0.
        assertThat(ratio.value()).isEqualTo(new BigDecimal("3.33333333"));
        assertThat(ratio.meta().getScale(1)).isEqualTo(8);
        assertThat(ratio.meta().getPrecision(1)).isEqualTo(16);
        // A*1.0/B, the usual way to force a decimal ratio: (A*1.0) has scale 1, so the quotient has 7.
        Single share = single("SELECT QTY * 1.0 / ID FROM ORDERS WHERE ID = 2");
        assertThat(share.text()).isEqualTo("2.0000000");
        assertThat(share.meta().getScale(1)).isEqualTo(7);
        assertThat(single("SELECT ID / QTY FROM ORDERS WHERE ID = 2").value()).isEqualTo(new BigDecimal("0.500000"));
    }

    @Test
    void aggregates_divideAsNumbers() throws Exception {
        // SUM over NUMBER(10,2) keeps scale 2; COUNT is an integer: the average price has scale 8.
        Single average = single("SELECT SUM(PRICE) / COUNT(*) FROM ORDERS");
        assertThat(average.value()).isEqualTo(new BigDecimal("4.58333333"));
        assertThat(average.meta().getScale(1)).isEqualTo(8);
        assertThat(single("SELECT COUNT(*) / SUM(QTY) FROM ORDERS").value()).isEqualTo(new BigDecimal("0.428571"));
        assertThat(single("SELECT SUM(QTY) / NULLIF(COUNT(*), 0) FROM ORDERS").value())
                .isEqualTo(new BigDecimal("2.333333"));
    }

    @Test
    void columnsOfATableTheStatementItselfMaterialises_areTyped() throws Exception {
        // QUERY_HISTORY's table is made while the statement is translated: the first use must type it too.
        Single average = single("SELECT SUM(TOTAL_ELAPSED_TIME) / COUNT(*)"
                + " FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())");
        assertThat(average.value()).isNotNull();
        assertThat(average.meta().getScale(1)).isEqualTo(6);
    }

    @Test
    void floatOperand_givesAFloatQuotient() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT WEIGHT / QTY, QTY / WEIGHT FROM ORDERS WHERE ID = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getMetaData().getColumnType(1)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(1)).isEqualTo(0.5);
            assertThat(rows.getMetaData().getColumnType(2)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(2)).isEqualTo(2.0);
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("WEIGHT / QTY");
        }
        // A literal with an exponent is a FLOAT (docs: data-types-numeric, numeric constants).
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1e1 / 4, 2.5E-1 / 5")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getMetaData().getColumnType(1)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(1)).isEqualTo(2.5);
            assertThat(rows.getDouble(2)).isEqualTo(0.05);
        }
    }

    @Test
    void castOperands_takeTheCastsType() throws Exception {
        // The usual way to force a float ratio.
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT QTY::FLOAT / ID FROM ORDERS WHERE ID = 2")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getMetaData().getColumnType(1)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(1)).isEqualTo(2.0);
        }
        Single cast = single("SELECT CAST(QTY AS NUMBER(10,2)) / ID FROM ORDERS WHERE ID = 1");
        assertThat(cast.text()).isEqualTo("3.00000000");
        assertThat(cast.meta().getScale(1)).isEqualTo(8);
        Single average = single("SELECT SUM(PRICE)::NUMBER(38,4) / COUNT(*) FROM ORDERS");
        assertThat(average.value()).isEqualTo(new BigDecimal("4.5833333333"));
        assertThat(single("SELECT ID / QTY::NUMBER(10,1) FROM ORDERS WHERE ID = 2").meta().getPrecision(1))
                .as("NUMBER(38,0) / NUMBER(10,1): leading digits 38 + 1, capped at 38")
                .isEqualTo(38);
    }

    @Test
    void divisionByZero_fails100051() {
        for (String sql : new String[] {"SELECT 1/0", "SELECT PRICE / QTY FROM ORDERS WHERE ID = 3",
                "SELECT WEIGHT / QTY FROM ORDERS WHERE ID = 3"}) {
            assertThatThrownBy(() -> single(sql))
                    .as(sql)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(100051);
                        assertThat(e.getSQLState()).isEqualTo("22012");
                        assertThat(e.getMessage()).isEqualTo("Division by zero");
                    });
        }
    }

    @Test
    void quotientBeyondThirtyEightDigits_isRefusedAsOutOfRepresentableRange() {
        // NUMBER(38,0) / NUMBER(5,5): leading digits 38 + 5, capped at 38 with scale 6; 10^42 does not fit.
        assertThatThrownBy(() -> single("SELECT 10000000000000000000000000000000000000 / 0.00001"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100046);
                    assertThat(e.getSQLState()).isEqualTo("22003");
                    assertThat(e.getMessage()).startsWith("Number out of representable range");
                });
    }

    @Test
    void nullOperand_givesNull() throws Exception {
        assertThat(single("SELECT PRICE / NULLIF(QTY, 0) FROM ORDERS WHERE ID = 3").value()).isNull();
    }

    /**
     * An operand whose type the statement does not show (a bind, a CTE's column, another function's result) is taken
     * as an integer: the quotient has six places, never H2's integer division, and the statement is not refused.
     */
    @Test
    void operandsOfUnseenType_divideAsIntegers() throws Exception {
        Single length = single("SELECT LENGTH('abc') / 2");
        assertThat(length.value()).isEqualTo(new BigDecimal("1.500000"));
        assertThat(length.meta().getScale(1)).isEqualTo(6);
        assertThat(single("WITH T AS (SELECT QTY AS Q FROM ORDERS WHERE ID = 1) SELECT Q / 2 FROM T").value())
                .isEqualTo(new BigDecimal("1.500000"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT ? / 4")) {
            statement.setInt(1, 7);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBigDecimal(1)).isEqualTo(new BigDecimal("1.750000"));
            }
        }
    }

    @Test
    void quotientColumn_isLabelledAsWritten() throws Exception {
        assertThat(single("SELECT PRICE / QTY FROM ORDERS WHERE ID = 1").meta().getColumnLabel(1))
                .isEqualTo("PRICE / QTY");
    }
}
