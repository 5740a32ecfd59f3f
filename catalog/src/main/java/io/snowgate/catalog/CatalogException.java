package io.snowgate.catalog;

import java.util.List;

/** The catalog cannot be read, or is not valid; the message names the source, the query and the field. */
public class CatalogException extends RuntimeException {

    private final List<String> problems;

    public CatalogException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** One exception listing several problems, one per line after {@code heading}. */
    public CatalogException(String heading, List<String> problems) {
        super(heading + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, as a separate message. */
    public List<String> problems() {
        return problems;
    }
}
