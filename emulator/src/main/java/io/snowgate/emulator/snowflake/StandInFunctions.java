package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The Java methods behind Snowflake's functions, made H2 functions ({@code CREATE ALIAS}) under the names the
 * translated SQL calls them by. H2 looks for an unqualified function in the session's current schema only (its search
 * path would find tables of other schemas too, which Snowflake does not), so every schema gets them: PUBLIC when the
 * stand-in starts, each other one when it is created.
 */
final class StandInFunctions {

    /** {@link SemiStructured}'s functions and the names the translated SQL calls them by. */
    private static final List<String[]> SEMI_STRUCTURED = List.of(
            new String[] {"SF_PARSE_JSON", "parseJson"},
            new String[] {"SF_TRY_PARSE_JSON", "tryParseJson"},
            new String[] {"SF_GET_PATH", "getPath"},
            new String[] {"SF_VARIANT_TEXT", "variantText"},
            new String[] {"SF_VARIANT_NUMBER", "variantNumber"},
            new String[] {"SF_ARRAY_CONTAINS", "arrayContains"},
            new String[] {"SF_SPLIT", "split"},
            new String[] {"SF_FLATTEN", "flatten"},
            new String[] {"SF_LATERAL_COUNT", "lateralCount"},
            new String[] {"SF_LATERAL_TEXT", "lateralText"},
            new String[] {"SF_LATERAL_INDEX", "lateralIndex"},
            new String[] {"ARRAY_SIZE", "arraySize"});
    /** The functions of the other classes that are not in their own lists. */
    private static final List<String[]> OTHERS = List.of(
            new String[] {"SF_SYSTEM_WAIT", SystemFunctions.class.getName() + ".systemWait"},
            new String[] {"SF_TO_DATE", ScalarFunctions.class.getName() + ".sfToDate"},
            new String[] {"SF_CONCAT", ScalarFunctions.class.getName() + ".concat"},
            new String[] {"SF_TRY_CAST", TryCast.class.getName() + ".tryCast"},
            new String[] {"SF_DIVIDE", Quotients.class.getName() + ".divide"},
            new String[] {"SF_DIVIDE_FLOAT", Quotients.class.getName() + ".divideFloat"},
            new String[] {"SF_MULTIPLY", Quotients.class.getName() + ".multiply"},
            new String[] {"SF_MULTIPLY_FLOAT", Quotients.class.getName() + ".multiplyFloat"},
            new String[] {"SF_TO_TIMESTAMP_NTZ", ScalarFunctions.class.getName() + ".sfToTimestampNtz"});
    /** The aggregates the stand-in adds, and their classes. */
    private static final List<String[]> AGGREGATES = List.of(
            new String[] {"SF_OBJECT_AGG", VariantFunctions.ObjectAggregate.class.getName()},
            new String[] {ChangeEvents.NAME, ChangeEvents.class.getName()},
            new String[] {BoolXorAggregate.NAME, BoolXorAggregate.class.getName()},
            new String[] {"SF_SKEW", Moments.Skew.class.getName()},
            new String[] {"SF_KURTOSIS", Moments.Kurtosis.class.getName()},
            new String[] {"SF_VARIANT_MAX", VariantExtremes.Max.class.getName()},
            new String[] {"SF_VARIANT_MIN", VariantExtremes.Min.class.getName()});
    /** Each class of functions and its list of {alias, method}. */
    private static final Map<Class<?>, List<String[]>> CLASSES = Map.of(
            SemiStructured.class, SEMI_STRUCTURED,
            ScalarFunctions.class, ScalarFunctions.ALIASES,
            Characters.class, Characters.ALIASES,
            NumberFormats.class, NumberFormats.ALIASES,
            VariantFunctions.class, VariantFunctions.ALIASES,
            ToChar.class, ToChar.ALIASES,
            RegexFunctions.class, RegexFunctions.ALIASES,
            NumericFunctions.class, NumericFunctions.ALIASES,
            ArrayFunctions.class, ArrayFunctions.ALIASES,
            BinaryFunctions.class, BinaryFunctions.ALIASES);

    private StandInFunctions() {
    }

    /** Makes the functions in {@code schema} (null: the current one), which may have some already. */
    static void createIn(Statement setup, String schema) throws SQLException {
        String prefix = schema == null ? "" : Identifiers.quote(schema) + ".";
        for (Map.Entry<Class<?>, List<String[]>> functions : CLASSES.entrySet()) {
            for (String[] alias : functions.getValue()) {
                create(setup, prefix + alias[0], functions.getKey().getName() + "." + alias[1]);
            }
        }
        for (String[] alias : OTHERS) {
            create(setup, prefix + alias[0], alias[1]);
        }
        for (String[] aggregate : AGGREGATES) {
            setup.execute("CREATE AGGREGATE IF NOT EXISTS " + prefix + aggregate[0] + " FOR '" + aggregate[1] + "'");
        }
    }

    private static void create(Statement setup, String name, String method) throws SQLException {
        setup.execute("CREATE ALIAS IF NOT EXISTS " + name + " FOR '" + method + "'");
    }
}
