package io.snowgate.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The named queries Snowgate may run, read from a YAML or JSON file that data teams edit (by default
 * {@code queries/catalog.yaml}). Loading checks structure only; run {@link CatalogValidator#validate} before use.
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

    public QueryCatalog {
        queries = queries == null ? List.of() : List.copyOf(queries);
    }

    /**
     * Reads a catalog file: JSON when it ends in {@code .json}, YAML when it ends in {@code .yaml} or {@code .yml}.
     *
     * @throws CatalogException the file is missing, unreadable or malformed; the message names the file
     */
    public static QueryCatalog load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CatalogException("catalog file not found: " + file);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Reads a catalog from the classpath, e.g. {@link #DEFAULT_RESOURCE}.
     *
     * @throws CatalogException the resource is missing or malformed
     */
    public static QueryCatalog loadResource(String classpathResource) {
        String resource = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = QueryCatalog.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogException("catalog resource not found on the classpath: " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource);
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads catalog text. The format follows {@code sourceName}'s extension ({@code .json}, {@code .yaml},
     * {@code .yml}); otherwise text starting with <code>{</code> is JSON and anything else YAML.
     *
     * @param sourceName where the text came from, used in messages
     * @throws CatalogException the text is malformed or not shaped like a catalog; lists every structural problem
     */
    public static QueryCatalog parse(String text, String sourceName) {
        boolean json = isJson(text, sourceName);
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new CatalogException(
                    sourceName + " is not valid " + (json ? "JSON" : "YAML") + at + ": " + e.getOriginalMessage());
        }
        return CatalogReader.read(root, sourceName);
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
