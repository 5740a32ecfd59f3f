package io.snowgate.catalog;

import io.snowgate.catalog.sql.ParameterOccurrence;
import io.snowgate.catalog.sql.SqlScan;
import io.snowgate.catalog.sql.SqlScanner;
import io.snowgate.catalog.sql.StatementKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a catalog's meaning: everything that would otherwise fail at run time or at deployment. Run by the test
 * suite and, through {@link QueryCatalog#loadValid}, by the function at start-up, by {@code snowgate catalog validate}
 * and by the CDK app at synth.
 */
public final class CatalogValidator {

    private CatalogValidator() {
    }

    /**
     * Every problem found, each naming its query (and parameter); empty when the catalog is valid.
     *
     * @param functionTimeoutSeconds the Lambda function's timeout; no query may have a longer one
     */
    public static List<String> problems(QueryCatalog catalog, int functionTimeoutSeconds) {
        return problems(CatalogReader.Reading.of(catalog), functionTimeoutSeconds);
    }

    /**
     * Every problem in what was read: its structural problems and the meaning of every query read whole, so that one
     * run lists all a data team has to fix. They come in the file's order, as one reads it while fixing: first the
     * catalog's own, then query by query its structural problems, its name used again, and what it means. A query
     * with a structural problem is not checked for meaning (it is half read, and a message about a field the reader
     * dropped would be wrong); its name, read whole, still counts among the names used.
     */
    static List<String> problems(CatalogReader.Reading reading, int functionTimeoutSeconds) {
        if (functionTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("functionTimeoutSeconds must be positive");
        }
        List<String> problems = new ArrayList<>(reading.problems());
        if (reading.listRead() && reading.entries().isEmpty()) {
            problems.add("the catalog defines no queries");
        }
        Set<String> names = new HashSet<>();
        for (CatalogReader.Entry entry : reading.entries()) {
            problems.addAll(entry.problems());
            entry.name().filter(name -> !names.add(name))
                    .ifPresent(name -> problems.add("query '" + name + "': name is used by more than one query"));
            entry.query().ifPresent(query -> new QueryCheck(query, problems).run(functionTimeoutSeconds));
        }
        return problems;
    }

    /**
     * The catalog read, when it is valid.
     *
     * @param sourceName where it was read from, which the exception names, as every other failure to load does
     * @throws CatalogException listing every problem {@link #problems(CatalogReader.Reading, int)} finds
     */
    static QueryCatalog valid(CatalogReader.Reading reading, String sourceName, int functionTimeoutSeconds) {
        List<String> problems = problems(reading, functionTimeoutSeconds);
        if (!problems.isEmpty()) {
            throw new CatalogException(CatalogReader.notValid(sourceName), problems);
        }
        return reading.catalog(sourceName);
    }

    /** The checks for one query, adding messages prefixed with the query's name. */
    private record QueryCheck(NamedQuery query, List<String> problems) {

        void run(int functionTimeoutSeconds) {
            if (!NamedQuery.NAME_PATTERN.matcher(query.name()).matches()) {
                add("name must be 1 to 63 lower-case letters, digits or underscores, starting with a letter");
            }
            SqlScan scan = SqlScanner.scan(query.sql());
            sql(scan);
            parameters(scan);
            exposure(scan);
            query.maxRows().ifPresent(rows -> {
                if (rows <= 0) {
                    add("maxRows must be at least 1");
                }
            });
            query.timeoutSeconds().ifPresent(seconds -> {
                if (seconds <= 0) {
                    add("timeoutSeconds must be at least 1");
                } else if (seconds > functionTimeoutSeconds) {
                    add("timeoutSeconds (" + seconds + ") is above the function's timeout (" + functionTimeoutSeconds
                            + " s)");
                }
            });
            query.schedule().ifPresent(this::schedule);
        }

        private void sql(SqlScan scan) {
            scan.problems().forEach(p -> add("sql has an " + p));
            if (scan.empty()) {
                add("sql is empty");
            }
            if (scan.multipleStatements()) {
                boolean block = scan.firstKeyword().filter(k -> k.equals("DECLARE") || k.equals("BEGIN")).isPresent();
                // The statements inside a block end with ';' too; Snowflake runs a block given as one string as one
                // statement (its EXECUTE IMMEDIATE reference: "A block is considered one statement").
                add("sql holds more than one statement; a query runs exactly one" + (block
                        ? " (write a scripting block as EXECUTE IMMEDIATE $$ DECLARE ... BEGIN ... END; $$)" : ""));
            } else if (scan.commentAfterTerminator() && !scan.empty()) {
                // Snowflake counts the text after the last ';' as a statement when it holds a comment (flyway/flyway
                // #2889: a comment sent on its own fails the statement count), so the request has two and every run
                // fails with 000008 ("Actual statement count 2 did not match ... 1"). Refused here, at no cost.
                add("sql has a comment after its closing ';', which Snowflake counts as a second statement and"
                        + " refuses every run; put the comment before the ';', or drop the ';'");
            }
            if (scan.positionalMarkers()) {
                add("sql contains a positional marker ('?' or ':1'); use named :parameters instead");
            }
            for (ParameterOccurrence p : scan.placeholdersBecomingSql()) {
                String construct = p.becomesSqlIn().orElseThrow();
                boolean statement = construct.startsWith("EXECUTE");
                add("sql uses :" + p.name() + " inside " + construct + ", where a bound value "
                        + (statement ? "runs as SQL" : "names an object") + " instead of staying a value; write the "
                        + (statement ? "statement" : "name") + " into the sql");
            }
        }

        /**
         * Over HTTP every caller allowed the route may run the query: DDL, DCL and calls only with the explicit
         * {@code httpAllows} naming that kind, and then never as safe to retry; anything unrecognised never.
         */
        private void exposure(SqlScan scan) {
            Optional<StatementKind> allows = query.httpAllows();
            if (!query.exposedOverHttp()) {
                if (allows.isPresent()) {
                    add("httpAllows applies only to a query with http: true");
                }
                return;
            }
            if (scan.empty()) {
                return;
            }
            StatementKind kind = scan.statementKind();
            String what = kind.description() + " (" + scan.firstKeyword().orElse("no keyword") + ")";
            if (kind == StatementKind.OTHER) {
                add(scan.firstKeyword().map(k -> "sql starts with " + k).orElse("sql does not start with a keyword")
                        + ", which is neither a query, a data change, DDL, DCL nor a call; it cannot be exposed over"
                        + " HTTP");
            } else if (!kind.needsHttpOptIn()) {
                allows.ifPresent(a -> add("httpAllows is '" + a.catalogName() + "' but the sql is " + what
                        + ", which needs no opt-in; remove httpAllows"));
            } else {
                if (allows.isEmpty()) {
                    add("sql is " + what + ", which http: true would let every allowed caller run; add 'httpAllows: "
                            + kind.catalogName() + "' to expose it on purpose, or remove http");
                } else if (allows.get() != kind) {
                    add("httpAllows is '" + allows.get().catalogName() + "' but the sql is " + what + "; set"
                            + " 'httpAllows: " + kind.catalogName() + "'");
                }
                if (query.retrySafe()) {
                    add("retrySafe cannot be true for " + kind.description() + " exposed over HTTP: running it again"
                            + " may change things twice");
                }
            }
        }

        private void parameters(SqlScan scan) {
            Set<String> used = scan.parameterNames();
            Set<String> declared = new HashSet<>();
            for (ParameterSpec spec : query.parameters()) {
                if (!declared.add(spec.name())) {
                    add("parameter '" + spec.name() + "' is declared more than once");
                    continue;
                }
                if (!NamedQuery.NAME_PATTERN.matcher(spec.name()).matches()) {
                    add("parameter '" + spec.name() + "': name must be 1 to 63 lower-case letters, digits or"
                            + " underscores, starting with a letter");
                }
                if (!used.contains(spec.name())) {
                    add("parameter '" + spec.name() + "' is declared but the sql never uses :" + spec.name());
                }
                parameter(spec);
            }
            for (String name : used) {
                if (!declared.contains(name)) {
                    add("sql uses :" + name + ", which is not declared under parameters");
                }
            }
        }

        private void parameter(ParameterSpec spec) {
            String at = "parameter '" + spec.name() + "': ";
            if (spec.name().equals(NamedQuery.SCHEDULED_TIME_PARAMETER) && spec.type() != ParameterType.TIMESTAMP) {
                add(at + "is filled with the schedule's firing time, so its type must be timestamp");
            }
            if (spec.required() && spec.defaultValue().isPresent()) {
                add(at + "is required and has a default; drop one of them");
            }
            if (bounds(spec, at)) {
                spec.defaultValue().ifPresent(value -> acceptable(spec, value, at + "default "));
            }
        }

        /** Checks the bounds themselves; true when they are sound enough to check values against. */
        private boolean bounds(ParameterSpec spec, String at) {
            int before = problems.size();
            boolean ordered = ParameterValues.isOrdered(spec.type());
            boolean string = spec.type() == ParameterType.STRING;
            Optional<Object> min = spec.min().flatMap(raw -> bound(spec, raw, at + "min ", ordered));
            Optional<Object> max = spec.max().flatMap(raw -> bound(spec, raw, at + "max ", ordered));
            if (min.isPresent() && max.isPresent() && ParameterValues.compare(spec.type(), min.get(), max.get()) > 0) {
                add(at + "min is greater than max");
            }
            notForType(spec.minLength().isPresent() && !string, at + "minLength applies only to string parameters");
            notForType(spec.maxLength().isPresent() && !string, at + "maxLength applies only to string parameters");
            notForType(spec.pattern().isPresent() && !string, at + "pattern applies only to string parameters");
            notForType(!spec.allowedValues().isEmpty() && !string,
                    at + "allowedValues applies only to string parameters");
            spec.minLength().ifPresent(n -> notForType(n < 0, at + "minLength must not be negative"));
            spec.maxLength().ifPresent(n -> notForType(n < 1, at + "maxLength must be at least 1"));
            if (spec.minLength().isPresent() && spec.maxLength().isPresent()
                    && spec.minLength().getAsInt() > spec.maxLength().getAsInt()) {
                add(at + "minLength is greater than maxLength");
            }
            spec.pattern().ifPresent(regex -> {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    add(at + ParameterValues.patternProblem(e));
                }
            });
            if (problems.size() > before) {
                return false;
            }
            for (String allowed : spec.allowedValues()) {
                acceptable(spec.withoutAllowedValues(), allowed, at + "allowed value ");
            }
            return problems.size() == before;
        }

        private Optional<Object> bound(ParameterSpec spec, Object raw, String at, boolean ordered) {
            if (!ordered) {
                add(at + "applies only to integer, number, date and timestamp parameters");
                return Optional.empty();
            }
            try {
                return Optional.of(ParameterValues.convert(spec.type(), raw));
            } catch (RejectedValue e) {
                add(at + e.getMessage());
                return Optional.empty();
            }
        }

        private void notForType(boolean wrong, String message) {
            if (wrong) {
                add(message);
            }
        }

        /** Records a problem if {@code value} does not fit {@code spec}; {@code what} starts the message. */
        private void acceptable(ParameterSpec spec, Object value, String what) {
            try {
                ParameterValues.accept(query.name(), spec, value);
            } catch (RejectedValue e) {
                add(what + e.getMessage() + (value instanceof Boolean && spec.type() == ParameterType.STRING
                        ? CatalogReader.YAML_BOOLEAN_HINT : ""));
            }
        }

        private void schedule(ScheduleSpec schedule) {
            ScheduleExpressions.problems(schedule.expression()).forEach(p -> add("schedule: " + p));
            if (!ScheduleExpressions.isTimeZone(schedule.timeZone())) {
                add("schedule: time zone must be an IANA name such as UTC or Europe/Paris");
            }
            for (Map.Entry<String, Object> entry : schedule.params().entrySet()) {
                String name = entry.getKey();
                Optional<ParameterSpec> spec = query.parameter(name);
                if (name.equals(NamedQuery.SCHEDULED_TIME_PARAMETER)) {
                    add("schedule params: " + name + " is filled in by the scheduler; remove it from params");
                } else if (spec.isEmpty()) {
                    add("schedule params: '" + name + "' is not a parameter of this query");
                } else {
                    acceptable(spec.get(), entry.getValue(), "schedule params: '" + name + "' ");
                }
            }
            for (ParameterSpec spec : query.parameters()) {
                boolean supplied = schedule.params().containsKey(spec.name())
                        || spec.name().equals(NamedQuery.SCHEDULED_TIME_PARAMETER);
                if (spec.required() && !supplied) {
                    add("schedule params: required parameter '" + spec.name() + "' has no value");
                }
            }
        }

        private void add(String message) {
            problems.add("query '" + query.name() + "': " + message);
        }
    }
}
