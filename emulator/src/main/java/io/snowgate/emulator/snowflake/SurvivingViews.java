package io.snowgate.emulator.snowflake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Views outlive what they read, as in Snowflake, which keeps no dependencies between objects: a DROP or a CREATE OR
 * REPLACE of a table, view or schema leaves the views that read it in place; querying one fails with 002037
 * "Failure during expansion of view 'V'" (see {@link H2Errors}) until an object of that name exists again, and then
 * reads that one (docs: sql/create-view, usage notes, "view definitions are not dynamic"). H2 tracks dependencies: it
 * refuses such a drop (90107) or, with CASCADE, drops the views as well. So a drop runs with CASCADE and every view it
 * took, but the dropped object itself and the views of a dropped schema, is put back as an H2 FORCE view, invalid
 * until {@link #revalidate} recompiles it after a CREATE.
 */
final class SurvivingViews {

    /** A view as H2 holds it: its definition is already H2's SQL, its columns name what the view returns. */
    private record View(String schema, String name, List<String> columns, String definition, String remarks) {

        String qualified() {
            return quoted(schema) + "." + quoted(name);
        }
    }

    private SurvivingViews() {
    }

    /**
     * Runs {@code drop}, an H2 DROP ... CASCADE of {@code dropped} (a TABLE, VIEW or SCHEMA as the directory names it,
     * {@code DB.SCHEMA[.NAME]}), and puts back the views it took besides those {@code dropped} names. Called under the
     * DDL lock, so no other DDL changes the views in between.
     */
    static boolean dropping(Connection h2, Directory.Securable dropped, DdlLock.H2Call drop) throws SQLException {
        List<View> before = views(h2);
        boolean result = drop.run();
        Set<String> schemas = schemas(h2);
        Set<String> left = new HashSet<>();
        for (View view : views(h2)) {
            left.add(view.qualified());
        }
        String[] droppedName = dropped.name().split("\\.");
        for (View view : before) {
            boolean itself = dropped.kind() == Directory.Kind.SCHEMA ? view.schema().equals(droppedName[1])
                    : droppedName.length == 3 && view.schema().equals(droppedName[1])
                            && view.name().equals(droppedName[2]);
            if (!itself && schemas.contains(view.schema()) && !left.contains(view.qualified())) {
                restore(h2, view);
            }
        }
        return result;
    }

    /**
     * Recompiles the invalid views, over and over while one more becomes valid: a view of a view can read again once
     * the view it reads does.
     */
    static void revalidate(Connection h2) throws SQLException {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String view : invalidViews(h2)) {
                try (Statement statement = h2.createStatement()) {
                    statement.execute("ALTER VIEW " + view + " RECOMPILE");
                } catch (SQLException stillInvalid) {
                    continue;
                }
                progress |= !invalidViews(h2).contains(view);
            }
        }
    }

    /**
     * Why a statement that reads a view which lost what it reads fails, as Snowflake, which expands views while it
     * compiles, says it: H2 may first fail on a column the invalid view does not have (42122). Empty when no view among
     * {@code read} (tables and views as the directory names them) is invalid.
     */
    static Optional<StandInSqlException> expansionFailure(Connection h2, List<Directory.Securable> read)
            throws SQLException {
        List<String> invalid = invalidViews(h2);
        for (Directory.Securable object : read) {
            String[] names = object.name().split("\\.", 3);
            String view = quoted(names[1]) + "." + quoted(names[2]);
            if (invalid.contains(view)) {
                try (Statement statement = h2.createStatement()) {
                    statement.executeQuery("SELECT * FROM " + view).close();
                } catch (SQLException expansion) {
                    return Optional.of(H2Errors.map(expansion));
                }
            }
        }
        return Optional.empty();
    }

    private static void restore(Connection h2, View view) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE FORCE VIEW ").append(view.qualified());
        if (!view.columns().isEmpty()) {
            sql.append(" (").append(String.join(", ", view.columns().stream().map(SurvivingViews::quoted).toList()))
                    .append(')');
        }
        sql.append(" AS ").append(view.definition());
        try (Statement statement = h2.createStatement()) {
            statement.execute(sql.toString());
            if (view.remarks() != null && !view.remarks().isEmpty()) {
                statement.execute("COMMENT ON TABLE " + view.qualified() + " IS '"
                        + view.remarks().replace("'", "''") + "'");
            }
        }
    }

    private static List<View> views(Connection h2) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement statement = h2.createStatement();
             ResultSet rows = statement.executeQuery("SELECT C.TABLE_SCHEMA, C.TABLE_NAME, C.COLUMN_NAME"
                     + " FROM INFORMATION_SCHEMA.COLUMNS C JOIN INFORMATION_SCHEMA.VIEWS V"
                     + " ON V.TABLE_SCHEMA = C.TABLE_SCHEMA AND V.TABLE_NAME = C.TABLE_NAME"
                     + " WHERE V.TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY C.ORDINAL_POSITION")) {
            while (rows.next()) {
                columns.computeIfAbsent(quoted(rows.getString(1)) + "." + quoted(rows.getString(2)),
                        k -> new ArrayList<>()).add(rows.getString(3));
            }
        }
        List<View> views = new ArrayList<>();
        try (Statement statement = h2.createStatement();
             ResultSet rows = statement.executeQuery("SELECT V.TABLE_SCHEMA, V.TABLE_NAME, V.VIEW_DEFINITION,"
                     + " T.REMARKS FROM INFORMATION_SCHEMA.VIEWS V JOIN INFORMATION_SCHEMA.TABLES T"
                     + " ON T.TABLE_SCHEMA = V.TABLE_SCHEMA AND T.TABLE_NAME = V.TABLE_NAME"
                     + " WHERE V.TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            while (rows.next()) {
                String schema = rows.getString(1);
                String name = rows.getString(2);
                // An invalid view has no columns yet; its definition is still the SQL it was made from.
                views.add(new View(schema, name, columns.getOrDefault(quoted(schema) + "." + quoted(name), List.of()),
                        rows.getString(3), rows.getString(4)));
            }
        }
        return views;
    }

    private static List<String> invalidViews(Connection h2) throws SQLException {
        List<String> invalid = new ArrayList<>();
        try (PreparedStatement statement = h2.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME"
                + " FROM INFORMATION_SCHEMA.VIEWS WHERE STATUS = 'INVALID' ORDER BY TABLE_SCHEMA, TABLE_NAME");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                invalid.add(quoted(rows.getString(1)) + "." + quoted(rows.getString(2)));
            }
        }
        return invalid;
    }

    private static Set<String> schemas(Connection h2) throws SQLException {
        Set<String> schemas = new HashSet<>();
        try (Statement statement = h2.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA")) {
            while (rows.next()) {
                schemas.add(rows.getString(1));
            }
        }
        return schemas;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
