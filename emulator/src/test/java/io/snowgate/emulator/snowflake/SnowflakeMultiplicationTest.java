package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multiplication as Snowflake types it (docs: sql-reference/operators-arithmetic, "Multiplication"): leading
 * digits {@code L1 + L2}, scale {@code min(S1 + S2, max(S1, S2, 12))}, precision at most 38. Read back through the
 * real driver.
 */
class SnowflakeMultiplicationTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        connection = snowflake.connection();
        execute(connection, "CREATE TABLE RATES (ID INT, FX NUMBER(20,10), AMOUNT NUMBER(12,2), WEIGHT FLOAT)");
        execute(connection, "INSERT INTO RATES VALUES (1, 1.2345678901, 100.05, 1.5)");
    }

    @Test
    void productOfTwoFineScales_isCappedAtTwelveDecimals_withTheLeadingDigitsOfBoth() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT FX * FX FROM RATES")) {
            assertThat(rows.next()).isTrue();
            // NUMBER(20,10) * NUMBER(20,10): scale min(20, max(10, 10, 12)) = 12, leading digits 10 + 10.
            assertThat(rows.getMetaData().getColumnType(1)).isEqualTo(Types.DECIMAL);
            assertThat(rows.getMetaData().getScale(1)).isEqualTo(12);
            assertThat(rows.getMetaData().getPrecision(1)).isEqualTo(32);
            // 1.2345678901^2 is 1.52415787526596567801: twenty places, rounded to twelve.
            assertThat(rows.getBigDecimal(1)).isEqualTo(new BigDecimal("1.524157875266"));
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("FX * FX");
        }
    }

    @Test
    void productWithinTwelveDecimals_keepsEveryDigit_asThePagesExamples() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 10.01 * 1.1, 10.001 * .001, AMOUNT * FX FROM RATES")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBigDecimal(1)).isEqualTo(new BigDecimal("11.011"));
            assertThat(rows.getMetaData().getScale(1)).isEqualTo(3);
            // NUMBER(4,2) * NUMBER(2,1): leading digits 2 + 1, scale 3.
            assertThat(rows.getMetaData().getPrecision(1)).isEqualTo(6);
            assertThat(rows.getBigDecimal(2)).isEqualTo(new BigDecimal("0.010001"));
            // NUMBER(12,2) * NUMBER(20,10): scale min(12, max(2, 10, 12)) = 12, leading digits 10 + 10.
            assertThat(rows.getMetaData().getScale(3)).isEqualTo(12);
            assertThat(rows.getMetaData().getPrecision(3)).isEqualTo(32);
            assertThat(rows.getBigDecimal(3)).isEqualTo(new BigDecimal("123.518517404505"));
        }
    }

    @Test
    void chainedProducts_areCappedAtEveryStep_andNeverPassThirtyEightDigits() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT FX * FX * FX FROM RATES")) {
            assertThat(rows.next()).isTrue();
            // (FX * FX) is NUMBER(32,12); times NUMBER(20,10): scale min(22, 12) = 12, leading 20 + 10, at most 38.
            assertThat(rows.getMetaData().getScale(1)).isEqualTo(12);
            assertThat(rows.getMetaData().getPrecision(1)).isEqualTo(38);
            // 1.524157875266 * 1.2345678901 = 1.8816763722464445962666, rounded to twelve places.
            assertThat(rows.getBigDecimal(1)).isEqualTo(new BigDecimal("1.881676372246"));
        }
    }

    @Test
    void productBeyondThirtyEightDigits_isRefusedAsOutOfRepresentableRange() {
        // Snowflake knowledge base, "Number out of representable range error occurs during the multiplication of
        // numeric values": NUMBER(20,0) * NUMBER(20,0) is NUMBER(38,0), and 40 digits do not fit it.
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 99999999999999999999 * 99999999999999999999");
            }
        }).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(100046);
            assertThat(e.getSQLState()).isEqualTo("22003");
            assertThat(e.getMessage()).startsWith("Number out of representable range");
        });
    }

    @Test
    void floatOperand_givesAFloatProduct() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT WEIGHT * FX, 2 * WEIGHT FROM RATES")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getMetaData().getColumnType(1)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(1)).isEqualTo(1.5 * 1.2345678901);
            assertThat(rows.getMetaData().getColumnType(2)).isEqualTo(Types.DOUBLE);
            assertThat(rows.getDouble(2)).isEqualTo(3.0);
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("WEIGHT * FX");
        }
    }

    @Test
    void productAndQuotientColumns_areLabelledAsWritten_withTheParenthesesTheirOperandsNeed() throws Exception {
        String[] written = {"FX * FX", "(AMOUNT + 1) * FX", "AMOUNT * (FX - 1)", "AMOUNT / (FX * 2)",
            "AMOUNT * FX / 2", "(AMOUNT + FX) * (AMOUNT - FX) / 2"};
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", written) + " FROM RATES")) {
            for (int column = 1; column <= written.length; column++) {
                assertThat(rows.getMetaData().getColumnLabel(column)).isEqualTo(written[column - 1]);
            }
        }
    }

    /** A window function's {@code OVER (...)} belongs to its operand: {@code 100 * COUNT(*) OVER ()}, a share of a total. */
    @Test
    void windowFunctionOperands_includeTheirOverClause() throws Exception {
        execute(connection, "INSERT INTO RATES VALUES (2, 1, 300.15, 2.5)");
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 100 * COUNT(*) OVER (), COUNT(*) OVER () * 0.5,"
                     + " AMOUNT * 100 / SUM(AMOUNT) OVER (), SUM(AMOUNT) OVER (ORDER BY ID) * WEIGHT,"
                     + " WEIGHT * LAG(AMOUNT) IGNORE NULLS OVER (ORDER BY ID) FROM RATES ORDER BY ID")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBigDecimal(1)).isEqualByComparingTo("200");
            assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("1.0");
            // 100.05 * 100 / 400.20, a share of the total to six places.
            assertThat(rows.getBigDecimal(3)).isEqualByComparingTo("25.000000");
            assertThat(rows.getDouble(4)).isEqualTo(100.05 * 1.5);
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("100 * COUNT(*) OVER ()");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getDouble(5)).isEqualTo(2.5 * 100.05);
        }
    }

    /** A {@code CASE ... END} is one operand, as a parenthesis is, on either side of a product or quotient. */
    @Test
    void caseExpressionOperands_areTheWholeCase() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CASE WHEN ID = 1 THEN 10 ELSE 20 END * WEIGHT,"
                     + " WEIGHT * CASE ID WHEN 1 THEN CASE WHEN FX > 1 THEN 4 END ELSE 0 END,"
                     + " CASE WHEN ID = 1 THEN 10 ELSE 20 END / 4, 10 / CASE WHEN ID = 1 THEN 4 END FROM RATES")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getDouble(1)).isEqualTo(15.0);
            assertThat(rows.getDouble(2)).isEqualTo(6.0);
            // An operand the text does not type is taken as an integer: a quotient to six places.
            assertThat(rows.getBigDecimal(3)).isEqualTo(new BigDecimal("2.500000"));
            assertThat(rows.getBigDecimal(4)).isEqualTo(new BigDecimal("2.500000"));
        }
    }

    /** An ordered-set function's {@code WITHIN GROUP (...)} belongs to its operand, as a window does. */
    @Test
    void orderedSetFunctionOperands_includeTheirWithinGroupClause() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY AMOUNT) / 2,"
                     + " 2 * PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY AMOUNT) * 1e0 FROM RATES")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBigDecimal(1)).isEqualByComparingTo("50.025");
            assertThat(rows.getDouble(2)).isEqualTo(200.1);
        }
    }

    @Test
    void wildcardsAndUntypedOperands_areLeftAsTheyAre() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT *, COUNT(*) OVER () FROM RATES")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(5);
        }
        // A bind's type is not in the text: its digits are kept rather than cut to an assumed integer's.
        try (PreparedStatement statement = connection.prepareStatement("SELECT ? * AMOUNT FROM RATES")) {
            statement.setBigDecimal(1, new BigDecimal("0.5"));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBigDecimal(1)).isEqualByComparingTo("50.025");
            }
        }
    }
}
