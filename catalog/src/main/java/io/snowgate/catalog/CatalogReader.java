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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed catalog tree into records, collecting every structural problem (unknown key, wrong kind of value,
 * missing field) with its location. Meaning is checked later by {@link CatalogValidator}.
 */
final class CatalogReader {

    private static final Set<String> ROOT_KEYS = Set.of("queries");
    private static final Set<String> QUERY_KEYS = Set.of("name", "description", "sql", "parameters", "maxRows",
            "timeoutSeconds", "schedule", "http", "httpAllows", "retrySafe");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "type", "description", "required", "default",
            "min", "max", "minLength", "maxLength", "pattern", "allowedValues", "sensitive");
    private static final Set<String> SCHEDULE_KEYS = Set.of("expression", "timeZone", "params");

    private final List<String> problems = new ArrayList<>();

    /**
     * Said where text was expected and a boolean found: YAML 1.1, which the parser follows, reads an unquoted yes, no,
     * on, off, y or n as true or false, so a country code NO or an answer yes stops being text.
     */
    static final String YAML_BOOLEAN_HINT = " (YAML reads an unquoted yes, no, on or off as true or false: quote it,"
            + " e.g. 'NO')";

    /** How a problem about one query starts: {@code queries[17]}. */
    private static final Pattern QUERY_POSITION = Pattern.compile("queries\\[(\\d+)]");

    private CatalogReader() {
    }

    /** @param found problems already found in the text, listed first */
    static QueryCatalog read(JsonNode root, String sourceName, List<String> found) {
        CatalogReader reader = new CatalogReader();
        reader.problems.addAll(found);
        List<NamedQuery> queries = reader.catalog(root);
        if (!reader.problems.isEmpty()) {
            throw new CatalogException(sourceName + " is not a valid catalog",
                    reader.problems.stream().map(problem -> named(problem, root)).toList());
        }
        return new QueryCatalog(queries);
    }

    /**
     * {@code problem}, led by the name of the query it is about when that query has one, as the validator's problems
     * are ({@code query 'daily': queries[17].parameters[2].default ...}): a position alone is hard to find in a long
     * file.
     */
    private static String named(String problem, JsonNode root) {
        Matcher position = QUERY_POSITION.matcher(problem);
        if (!position.lookingAt() || root == null) {
            return problem;
        }
        JsonNode name = root.path("queries").path(Integer.parseInt(position.group(1))).path("name");
        return name.isTextual() && !name.textValue().isBlank()
                ? "query '" + name.textValue() + "': " + problem : problem;
    }

    private List<NamedQuery> catalog(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add("the file is empty; expected a 'queries' list");
            return List.of();
        }
        if (!object(root, "the top level", ROOT_KEYS)) {
            return List.of();
        }
        JsonNode list = root.get("queries");
        if (list == null || !list.isArray()) {
            problems.add("'queries' must be a list of queries");
            return List.of();
        }
        List<NamedQuery> queries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            query(list.get(i), "queries[" + i + "]").ifPresent(queries::add);
        }
        return queries;
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
            problems.add(at + "." + key + " must be a whole number");
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
