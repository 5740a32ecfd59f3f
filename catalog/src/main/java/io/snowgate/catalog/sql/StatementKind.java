package io.snowgate.catalog.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a statement does, by its first keyword (Snowflake's own grouping of its commands). A query may be retried
 * only when it reads; over HTTP, DDL, DCL and calls need the catalog's explicit opt-in, and anything unrecognised is
 * never exposed.
 */
public enum StatementKind {
    /** Reads only: {@code SELECT}, {@code WITH}, {@code SHOW}, {@code DESCRIBE}, {@code LIST}, {@code EXPLAIN}. */
    READ("a query", "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "LIST", "LS", "EXPLAIN"),
    /** Changes data: {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code COPY}, stage files. */
    DML("a data change", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "PUT", "GET", "REMOVE", "RM"),
    /** Creates, changes or drops objects, or switches the session's role, warehouse, database or schema. */
    DDL("DDL", "CREATE", "ALTER", "DROP", "UNDROP", "TRUNCATE", "COMMENT", "USE"),
    /** Grants or revokes privileges and roles. */
    DCL("DCL", "GRANT", "REVOKE"),
    /** Runs other statements, unseen here: stored procedures, {@code EXECUTE IMMEDIATE}, tasks, scripting blocks. */
    CALL("a call", "CALL", "EXECUTE", "DECLARE"),
    /** Anything else: session variables, transactions, or no keyword at all. */
    OTHER("an unrecognised statement");

    private final String description;
    private final Set<String> keywords;

    StatementKind(String description, String... keywords) {
        this.description = description;
        this.keywords = Set.of(keywords);
    }

    /** The kind of a statement starting with {@code firstKeyword} (any case); {@link #OTHER} when empty. */
    public static StatementKind of(Optional<String> firstKeyword) {
        String keyword = firstKeyword.map(k -> k.toUpperCase(Locale.ROOT)).orElse("");
        return Arrays.stream(values()).filter(kind -> kind.keywords.contains(keyword)).findFirst().orElse(OTHER);
    }

    /** The kind named {@code name} (any case) in the catalog's {@code httpAllows}: ddl, dcl or call. */
    public static Optional<StatementKind> fromCatalogName(String name) {
        return Arrays.stream(values()).filter(StatementKind::needsHttpOptIn)
                .filter(kind -> kind.catalogName().equalsIgnoreCase(name)).findFirst();
    }

    /** Whether exposing it over HTTP takes the catalog's explicit {@code httpAllows}. */
    public boolean needsHttpOptIn() {
        return this == DDL || this == DCL || this == CALL;
    }

    /**
     * Whether running it leaves its session as it found it: a query, or a data change (committed on its own, as
     * sessions autocommit). DDL may switch the schema or role ({@code USE}), change session parameters ({@code ALTER
     * SESSION}) or make session-scoped objects (temporary tables); a call may do whatever its caller may (a
     * caller's rights procedure, a scripting block); a transaction command opens or ends a transaction; DCL goes
     * with them, as rare and not worth telling apart.
     */
    public boolean leavesSessionAsItWas() {
        return this == READ || this == DML;
    }

    /** Its name in the catalog: {@code ddl}, {@code dcl}, {@code call}, ... */
    public String catalogName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How messages name it: "a query", "DDL", "a call", ... */
    public String description() {
        return description;
    }
}
