package io.snowgate.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The named queries Snowgate may run, read from a YAML or JSON file that data teams edit (by default
 * {@code queries/catalog.yaml}). {@link #loadValid} reads and checks a catalog for use; {@link #parse} checks the
 * structure of catalog text only.
 *
 * @param queries the queries, in file order
 */
public record QueryCatalog(List<NamedQuery> queries) {

    /** Where the catalog shipped with the function sits on its classpath. */
    public static final String DEFAULT_RESOURCE = "queries/catalog.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** An integer YAML 1.1, which the parser follows, reads as octal: {@code 010} is 8, not 10. */
    private static final Pattern OCTAL_INTEGER = Pattern.compile("[-+]?0[0-9_]+");
    /**
     * A float YAML 1.1 reads as infinite or not a number: no field takes one, and Jackson, asked for the exact
     * decimal every number is read as, fails on it with a bare {@link NumberFormatException}.
     */
    private static final Pattern NON_FINITE_FLOAT = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

    public QueryCatalog {
        queries = queries == null ? List.of() : List.copyOf(queries);
    }

    /**
     * Reads a catalog file (JSON when it ends in {@code .json}, YAML when it ends in {@code .yaml} or {@code .yml}) and
     * checks it as {@link CatalogValidator} does: what the function at start-up, {@code snowgate catalog validate} and
     * the CDK app at synth run.
     *
     * @param functionTimeoutSeconds the Lambda function's timeout; no query may have a longer one
     * @throws CatalogException the file is missing or unreadable, or listing every problem, structural and of meaning,
     *                           at once; the message names the file
     */
    public static QueryCatalog loadValid(Path file, int functionTimeoutSeconds) {
        return parseValid(text(file), file.toString(), functionTimeoutSeconds);
    }

    /**
     * Reads a catalog from the classpath, e.g. {@link #DEFAULT_RESOURCE} (a leading {@code /} is optional), and checks
     * it as {@link #loadValid} does.
     *
     * @throws CatalogException the resource is missing, or listing every problem, structural and of meaning, at once
     */
    public static QueryCatalog loadValidResource(String classpathResource, int functionTimeoutSeconds) {
        String resource = resourceName(classpathResource);
        return parseValid(resourceText(resource), "classpath:" + resource, functionTimeoutSeconds);
    }

    /**
     * Reads catalog text. The format follows {@code sourceName}'s extension ({@code .json}, {@code .yaml},
     * {@code .yml}); otherwise text starting with <code>{</code> is JSON and anything else YAML. Checks structure
     * only; {@link #parseValid} checks meaning too.
     *
     * @param sourceName where the text came from, used in messages
     * @throws CatalogException the text is malformed or not shaped like a catalog; lists every structural problem
     */
    public static QueryCatalog parse(String text, String sourceName) {
        return read(text, sourceName).catalog(sourceName);
    }

    /**
     * Reads catalog text as {@link #parse} does and checks it as {@link #loadValid} does: a query with a structural
     * problem is left out of the meaning checks, every other one is checked, and one exception lists both kinds.
     *
     * @throws CatalogException malformed text, or listing every problem, structural and of meaning, at once
     */
    public static QueryCatalog parseValid(String text, String sourceName, int functionTimeoutSeconds) {
        return CatalogValidator.valid(read(text, sourceName), sourceName, functionTimeoutSeconds);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CatalogException("catalog file not found: " + file);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resourceName(String classpathResource) {
        return classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
    }

    private static String resourceText(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = QueryCatalog.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogException("catalog resource not found on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code text} and reads the tree, as {@link #parse} describes. */
    private static CatalogReader.Reading read(String text, String sourceName) {
        boolean json = isJson(text, sourceName);
        try {
            return json ? CatalogReader.read(JSON.readTree(text), List.of()) : readYaml(text);
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new CatalogException(
                    sourceName + " is not valid " + (json ? "JSON" : "YAML") + at + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Reads YAML text in one pass: the first document's tokens are buffered for the tree while they are checked for
     * what YAML would read as something the file does not seem to say: an integer with a leading zero, which YAML 1.1
     * reads as octal, {@code .inf} or {@code .nan}, which it reads as a float no field can take, an alias
     * ({@code *name}), which the parser gives as its name instead of the value it refers to, and a second document
     * after {@code ---}, which reading the first would silently drop. Empty documents (a trailing {@code ---}) are
     * fine.
     */
    private static CatalogReader.Reading readYaml(String text) throws JacksonException {
        List<CatalogReader.TextProblem> problems = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text); TokenBuffer firstDocument = new TokenBuffer(parser)) {
            int depth = 0;
            int documents = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 0 && ++documents > 1) {
                    if (token == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    problems.add(new CatalogReader.TextProblem(OptionalInt.empty(), "a second YAML document starts at"
                            + " line " + parser.currentTokenLocation().getLineNr() + " and would be ignored; put every"
                            + " query in the one 'queries' list"));
                    break;
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_INT && OCTAL_INTEGER.matcher(parser.getText()).matches()) {
                    JsonStreamContext context = parser.getParsingContext();
                    problems.add(new CatalogReader.TextProblem(queryIndex(context), path(context) + " is written "
                            + parser.getText() + ", which YAML reads as the octal number " + parser.getNumberValue()
                            + "; write it without the leading zero, or quote it if it is text"));
                } else if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // The parser gives an alias as its name, not the value it refers to: said here, the reader's
                    // message about that name ("must be a map") would not explain itself.
                    JsonStreamContext context = parser.getParsingContext();
                    problems.add(new CatalogReader.TextProblem(queryIndex(context), path(context) + " is the YAML"
                            + " alias *" + parser.getText() + ", which the catalog does not resolve; write the value"
                            + " out in full"));
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT
                        && NON_FINITE_FLOAT.matcher(parser.getText()).matches()) {
                    JsonStreamContext context = parser.getParsingContext();
                    problems.add(new CatalogReader.TextProblem(queryIndex(context), path(context) + " is written "
                            + parser.getText() + ", which YAML reads as infinity or not-a-number, a value no field"
                            + " takes; write a number, or quote it if it is text"));
                    firstDocument.writeString(parser.getText()); // kept as text: the tree cannot hold it as a number
                    continue;
                }
                firstDocument.copyCurrentEvent(parser);
            }
            return CatalogReader.read(YAML.readTree(firstDocument.asParser()), problems);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // text in memory: nothing to read can fail
        }
    }

    /** The index of the query a value sits in: the item of the top-level 'queries' list it is inside, if any. */
    private static OptionalInt queryIndex(JsonStreamContext context) {
        JsonStreamContext top = null;
        JsonStreamContext underTop = null;
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            underTop = top;
            top = c;
        }
        return top != null && top.inObject() && "queries".equals(top.getCurrentName()) && underTop != null
                && underTop.inArray() ? OptionalInt.of(underTop.getCurrentIndex()) : OptionalInt.empty();
    }

    /** Where a value sits, as {@link CatalogReader} names it: {@code queries[0].parameters[1].max}. */
    private static String path(JsonStreamContext context) {
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            steps.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", steps);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static boolean isJson(String text, String sourceName) {
        String lower = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return true;
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return false;
        }
        return text.stripLeading().startsWith("{");
    }

    /** The query called {@code name}. */
    public Optional<NamedQuery> find(String name) {
        return queries.stream().filter(q -> q.name().equals(name)).findFirst();
    }
}
