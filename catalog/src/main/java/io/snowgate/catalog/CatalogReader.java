package io.snowgate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.catalog.sql.StatementKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns a parsed catalog tree into records, collecting every structural problem (unknown key, wrong kind of value,
 * missing field) with its location, query by query, so that {@link CatalogValidator} can check the meaning of every
 * query read whole.
 */
final class CatalogReader {

    private static final Set<String> ROOT_KEYS = Set.of("queries");
    private static final Set<String> QUERY_KEYS = Set.of("name", "description", "sql", "parameters", "maxRows",
            "timeoutSeconds", "schedule", "http", "httpAllows", "retrySafe");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "type", "description", "required", "default",
            "min", "max", "minLength", "maxLength", "pattern", "allowedValues", "sensitive");
    private static final Set<String> SCHEDULE_KEYS = Set.of("expression", "timeZone", "params");

    /** Problems found by the method running; {@link #read} moves them to the catalog or to one entry. */
    private final List<String> problems = new ArrayList<>();

    /**
     * Said where text was expected and a boolean found: YAML 1.1, which the parser follows, reads an unquoted yes, no,
     * on, off, y or n as true or false, so a country code NO or an answer yes stops being text.
     */
    static final String YAML_BOOLEAN_HINT = " (YAML reads an unquoted yes, no, on or off as true or false: quote it,"
            + " e.g. 'NO')";

    /**
     * A problem found in the text before it became a tree (a YAML octal integer, a second document).
     *
     * @param query the index of the query it sits in, if it sits in one
     */
    record TextProblem(OptionalInt query, String message) {
    }

    /**
     * What reading a catalog tree found.
     *
     * @param problems structural problems of the catalog as a whole (the file, its top level, the 'queries' key)
     * @param entries  the items of the 'queries' list, in file order; empty when there is no list to read
     * @param listRead whether there was a 'queries' list to read, so that no entries means an empty list
     */
    record Reading(List<String> problems, List<Entry> entries, boolean listRead) {

        Reading {
            problems = List.copyOf(problems);
            entries = List.copyOf(entries);
        }

        /** {@code catalog}, as if read from a file without a structural problem. */
        static Reading of(QueryCatalog catalog) {
            return new Reading(List.of(), catalog.queries().stream()
                    .map(query -> new Entry(Optional.of(query.name()), Optional.of(query), List.of())).toList(), true);
        }

        /** Whether nothing has a structural problem, so every entry holds its query. */
        boolean sound() {
            return problems.isEmpty() && entries.stream().allMatch(entry -> entry.problems().isEmpty());
        }

        /**
         * The catalog read.
         *
         * @throws CatalogException headed {@link #notValid} and listing every structural problem, unless sound
         */
        QueryCatalog catalog(String sourceName) {
            if (!sound()) {
                List<String> all = new ArrayList<>(problems);
                entries.forEach(entry -> all.addAll(entry.problems()));
                throw new CatalogException(notValid(sourceName), all);
            }
            return new QueryCatalog(entries.stream().map(entry -> entry.query().orElseThrow()).toList());
        }
    }

    /**
     * One item of the 'queries' list.
     *
     * @param name     its name, when written as text, even if the item has other problems
     * @param query    the query, only when the item was read without a structural problem
     * @param problems its structural problems, each led by the query's name when it has one
     */
    record Entry(Optional<String> name, Optional<NamedQuery> query, List<String> problems) {

        Entry {
            problems = List.copyOf(problems);
        }
    }

    private CatalogReader() {
    }

    /** How an exception listing structural problems starts. */
    static String notValid(String sourceName) {
        return sourceName + " is not a valid catalog";
    }

    /**
     * Reads {@code root}. A problem of {@code found} comes before the reader's own, with the query it sits in, or else
     * with the catalog.
     */
    static Reading read(JsonNode root, List<TextProblem> found) {
        CatalogReader reader = new CatalogReader();
        JsonNode list = reader.queryList(root);
        int count = list == null ? 0 : list.size();
        List<String> catalogProblems = new ArrayList<>();
        // in no query, or (were the tree ever to differ from the text) in none there is to read
        found.stream().filter(problem -> problem.query().orElse(count) >= count)
                .forEach(problem -> catalogProblems.add(problem.message()));
        catalogProblems.addAll(reader.take());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OptionalInt index = OptionalInt.of(i);
            found.stream().filter(problem -> problem.query().equals(index))
                    .forEach(problem -> reader.problems.add(problem.message()));
            JsonNode node = list.get(i);
            Optional<NamedQuery> query = reader.query(node, "queries[" + i + "]");
            entries.add(entry(node, query, reader.take()));
        }
        return new Reading(catalogProblems, entries, list != null);
    }

    /**
     * The entry for {@code node}; a problem is led by the query's name, as the validator's problems are ({@code query
     * 'daily': queries[17].parameters[2].default ...}): a position alone is hard to find in a long file.
     */
    private static Entry entry(JsonNode node, Optional<NamedQuery> query, List<String> problems) {
        JsonNode nameNode = node.path("name");
        Optional<String> name = nameNode.isTextual() ? Optional.of(nameNode.textValue()) : Optional.empty();
        String lead = name.filter(n -> !n.isBlank()).map(n -> "query '" + n + "': ").orElse("");
        // A query with a structural problem is half read (a field or a parameter left out): without it, the
        // validator never reports on what the file does not say.
        return new Entry(name, problems.isEmpty() ? query : Optional.empty(),
                problems.stream().map(problem -> lead + problem).toList());
    }

    /** The problems found since the last call, which are then forgotten. */
    private List<String> take() {
        List<String> taken = List.copyOf(problems);
        problems.clear();
        return taken;
    }

    /** The 'queries' list, or null (with the problem recorded) when there is none. */
    private JsonNode queryList(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add("the file is empty; expected a 'queries' list");
            return null;
        }
        if (!object(root, "the top level", ROOT_KEYS)) {
            return null;
        }
        JsonNode list = root.get("queries");
        if (list == null || !list.isArray()) {
            problems.add("'queries' must be a list of queries");
            return null;
        }
        return list;
    }

    private Optional<NamedQuery> query(JsonNode node, String at) {
        if (!object(node, at, QUERY_KEYS)) {
            return Optional.empty();
        }
        String name = requiredText(node, at, "name");
        String sql = requiredText(node, at, "sql");
        String description = optionalText(node, at, "description");
        List<ParameterSpec> parameters = new ArrayList<>();
        JsonNode list = node.get("parameters");
        if (list != null && !list.isNull()) {
            if (list.isArray()) {
                for (int i = 0; i < list.size(); i++) {
                    parameter(list.get(i), at + ".parameters[" + i + "]").ifPresent(parameters::add);
                }
            } else {
                problems.add(at + ".parameters must be a list");
            }
        }
        OptionalInt maxRows = optionalInt(node, at, "maxRows");
        OptionalInt timeout = optionalInt(node, at, "timeoutSeconds");
        Optional<ScheduleSpec> schedule = schedule(node.get("schedule"), at + ".schedule");
        Optional<Boolean> http = optionalBoolean(node, at, "http");
        Optional<StatementKind> httpAllows = httpAllows(node, at);
        Optional<Boolean> retrySafe = optionalBoolean(node, at, "retrySafe");
        if (name == null || sql == null) {
            return Optional.empty();
        }
        return Optional.of(new NamedQuery(name, description, sql, parameters, maxRows, timeout, schedule,
                http.orElse(false), httpAllows, retrySafe.orElseGet(() -> NamedQuery.isReadOnly(sql))));
    }

    private Optional<StatementKind> httpAllows(JsonNode node, String at) {
        String text = optionalText(node, at, "httpAllows");
        if (text == null) {
            return Optional.empty();
        }
        Optional<StatementKind> kind = StatementKind.fromCatalogName(text);
        if (kind.isEmpty()) {
            problems.add(at + ".httpAllows must be one of ddl, dcl, call");
        }
        return kind;
    }

    private Optional<ParameterSpec> parameter(JsonNode node, String at) {
        if (!object(node, at, PARAMETER_KEYS)) {
            return Optional.empty();
        }
        String name = requiredText(node, at, "name");
        String typeName = requiredText(node, at, "type");
        Optional<ParameterType> type = Optional.empty();
        if (typeName != null) {
            type = ParameterType.fromCatalogName(typeName);
            if (type.isEmpty()) {
                problems.add(at + ".type must be one of string, integer, number, boolean, date, timestamp");
            }
        }
        Optional<Object> defaultValue = optionalScalar(node, at, "default");
        Optional<Boolean> required = optionalBoolean(node, at, "required");
        Optional<Object> min = optionalScalar(node, at, "min");
        Optional<Object> max = optionalScalar(node, at, "max");
        OptionalInt minLength = optionalInt(node, at, "minLength");
        OptionalInt maxLength = optionalInt(node, at, "maxLength");
        String pattern = optionalText(node, at, "pattern");
        List<String> allowed = textList(node, at, "allowedValues");
        Optional<Boolean> sensitive = optionalBoolean(node, at, "sensitive");
        String description = optionalText(node, at, "description");
        if (name == null || type.isEmpty()) {
            return Optional.empty();
        }
        // Without a default, a parameter is required unless the file says otherwise: binding NULL by accident
        // (WHERE x = NULL matches nothing) is worse than a clear "is required".
        boolean isRequired = required.orElse(defaultValue.isEmpty());
        return Optional.of(new ParameterSpec(name, type.get(), isRequired, defaultValue, min, max, minLength,
                maxLength, Optional.ofNullable(pattern), allowed, sensitive.orElse(false), description));
    }

    private Optional<ScheduleSpec> schedule(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(new ScheduleSpec(node.textValue(), null, Map.of()));
        }
        if (!object(node, at, SCHEDULE_KEYS)) {
            return Optional.empty();
        }
        String expression = requiredText(node, at, "expression");
        String timeZone = optionalText(node, at, "timeZone");
        Map<String, Object> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.get("params");
        if (paramsNode != null && !paramsNode.isNull()) {
            if (paramsNode.isObject()) {
                for (Map.Entry<String, JsonNode> entry : paramsNode.properties()) {
                    scalar(entry.getValue(), at + ".params." + entry.getKey())
                            .ifPresent(value -> params.put(entry.getKey(), value));
                }
            } else {
                problems.add(at + ".params must be a map of parameter names to values");
            }
        }
        return expression == null ? Optional.empty() : Optional.of(new ScheduleSpec(expression, timeZone, params));
    }

    /** Whether {@code node} is an object holding only {@code allowed} keys; records a problem for each other key. */
    private boolean object(JsonNode node, String at, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            problems.add(at + " must be a map of keys to values");
            return false;
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            if (!allowed.contains(key)) {
                problems.add(at + " has unknown key '" + key + "' (allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
        return true;
    }

    private String requiredText(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            problems.add(at + "." + key + " is missing");
            return null;
        }
        return text(value, at, key);
    }

    private String optionalText(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : text(value, at, key);
    }

    private String text(JsonNode value, String at, String key) {
        if (!value.isTextual()) {
            problems.add(at + "." + key + " must be text" + (value.isBoolean() ? YAML_BOOLEAN_HINT : ""));
            return null;
        }
        return value.textValue();
    }

    private OptionalInt optionalInt(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            // 2147483648 is a whole number: say what is wrong with it
            problems.add(at + "." + key + " must be a whole number" + (value.isIntegralNumber()
                    ? " up to " + Integer.MAX_VALUE : ""));
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.intValue());
    }

    private Optional<Boolean> optionalBoolean(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            problems.add(at + "." + key + " must be true or false");
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    private Optional<Object> optionalScalar(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : scalar(value, at + "." + key);
    }

    /** A scalar as the Java value Jackson would give for JSON: String, Long, BigInteger, BigDecimal or Boolean. */
    private Optional<Object> scalar(JsonNode value, String at) {
        if (value.isTextual()) {
            return Optional.of(value.textValue());
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Optional.of(value.longValue());
        }
        if (value.isIntegralNumber()) {
            return Optional.of(value.bigIntegerValue());
        }
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        problems.add(at + " must be a single value (text, number or true/false)");
        return Optional.empty();
    }

    private List<String> textList(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.add(at + "." + key + " must be a list of text values");
            return List.of();
        }
        if (value.isEmpty()) {
            // an empty list is the same as none at all, which allows every value: not what [] reads as
            problems.add(at + "." + key + " must list at least one value; leave it out to allow any");
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (item.isTextual()) {
                texts.add(item.textValue());
            } else {
                problems.add(at + "." + key + " must be a list of text values"
                        + (item.isBoolean() ? YAML_BOOLEAN_HINT : ""));
                return List.of();
            }
        }
        return texts;
    }
}
