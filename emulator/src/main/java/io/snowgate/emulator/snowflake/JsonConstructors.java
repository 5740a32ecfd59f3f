package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Snowflake's OBJECT and ARRAY constructors as H2's SQL/JSON ones, which nest a JSON argument as JSON and any other
 * value as its JSON scalar:
 * <ul>
 *   <li>{@code OBJECT_CONSTRUCT(k1, v1, ...)} is {@code JSON_OBJECT(k1 VALUE v1, ... ABSENT ON NULL)}: a pair whose
 *   value is NULL is left out (docs: functions/object_construct); {@code OBJECT_CONSTRUCT_KEEP_NULL} keeps it as a
 *   JSON null ({@code NULL ON NULL});</li>
 *   <li>{@code ARRAY_CONSTRUCT(v1, ...)} is {@code JSON_ARRAY(v1, ... NULL ON NULL)} (docs: functions/array_construct:
 *   Snowflake keeps a NULL as an undefined element, the stand-in as a JSON null); {@code ARRAY_CONSTRUCT_COMPACT}
 *   leaves NULLs out.</li>
 * </ul>
 * A column that is a VARIANT, OBJECT or ARRAY holds JSON text: it is passed {@code FORMAT JSON}, to nest as JSON and
 * not as a string.
 */
final class JsonConstructors {

    /** Each constructor: the H2 function, whether arguments pair up as key and value, and the NULL clause. */
    private record Constructor(String function, boolean pairs, String onNull) {
    }

    private static final Map<String, Constructor> CONSTRUCTORS = Map.of(
            "OBJECT_CONSTRUCT", new Constructor("JSON_OBJECT", true, "ABSENT ON NULL"),
            "OBJECT_CONSTRUCT_KEEP_NULL", new Constructor("JSON_OBJECT", true, "NULL ON NULL"),
            "ARRAY_CONSTRUCT", new Constructor("JSON_ARRAY", false, "NULL ON NULL"),
            "ARRAY_CONSTRUCT_COMPACT", new Constructor("JSON_ARRAY", false, "ABSENT ON NULL"));

    private JsonConstructors() {
    }

    static boolean at(List<Token> tokens, int i) {
        return CONSTRUCTORS.containsKey(tokens.get(i).upper()) && isSymbol(tokens, i + 1, "(")
                && !isSymbol(tokens, i - 1, ".");
    }

    /**
     * The text replacing the constructor's name and parenthesis at {@code i}; each comma and the closing parenthesis
     * get their replacement in {@code closers}.
     *
     * @param semiStructured whether a column of that name is a VARIANT, OBJECT or ARRAY
     */
    static String open(List<Token> tokens, int i, Predicate<String> semiStructured, Map<Integer, String> closers) {
        Constructor constructor = CONSTRUCTORS.get(tokens.get(i).upper());
        int close = SqlLexer.closing(tokens, i + 1);
        if (isSymbol(tokens, i + 2, "*") && close == i + 3) {
            throw StandInSqlException.unsupported(tokens.get(i).upper() + "(*)");
        }
        List<Integer> ends = new ArrayList<>();
        for (int from = i + 2; from < close; ) {
            int comma = SqlLexer.nextComma(tokens, from);
            int end = comma < 0 ? close : comma;
            ends.add(end);
            from = end + 1;
        }
        int start = i + 2;
        for (int argument = 0; argument < ends.size(); argument++) {
            int end = ends.get(argument);
            boolean value = !constructor.pairs() || argument % 2 == 1;
            String format = value && isColumn(tokens, start, end, semiStructured) ? " FORMAT JSON" : "";
            String separator = end == close ? " " + constructor.onNull() + ")"
                    : constructor.pairs() && !value ? " VALUE" : ",";
            closers.put(end, format + separator);
            start = end + 1;
        }
        if (ends.isEmpty()) {
            closers.put(close, ")");
        }
        return constructor.function() + "(";
    }

    /** Whether the argument from {@code start} to before {@code end} is a column (maybe qualified) of that kind. */
    private static boolean isColumn(List<Token> tokens, int start, int end, Predicate<String> semiStructured) {
        for (int k = start; k < end; k += 2) {
            if (!isIdentifier(tokens, k) || (k + 1 < end && !isSymbol(tokens, k + 1, "."))) {
                return false;
            }
        }
        return end > start && semiStructured.test(Identifiers.normalize(tokens.get(end - 1).text()));
    }
}
