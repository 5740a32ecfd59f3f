package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;

/** The heads of the statements on users, roles and warehouses that the stand-in answers itself. */
final class ObjectHeaders {

    private ObjectHeaders() {
    }

    /**
     * {@code CREATE [OR REPLACE] <kind> [IF NOT EXISTS] <name>}.
     *
     * @param orReplace   whether {@code OR REPLACE} was given
     * @param ifNotExists whether {@code IF NOT EXISTS} was given
     * @param name        the object's name, normalised as Snowflake resolves identifiers
     * @param nameAt      the index of the name's token, after which the object's properties follow
     */
    record Create(boolean orReplace, boolean ifNotExists, String name, int nameAt) {

        static Create read(List<Token> tokens) {
            int i = 1;
            boolean orReplace = false;
            if (tokens.get(i).isWord("OR")) {
                orReplace = true;
                i += 2;
            }
            i++;
            boolean ifNotExists = false;
            if (i < tokens.size() && tokens.get(i).isWord("IF")) {
                ifNotExists = true;
                i += 3;
            }
            return new Create(orReplace, ifNotExists, SqlEngine.name(tokens, i), i);
        }
    }

    /**
     * {@code ALTER|DROP <kind> [IF EXISTS] <name>}.
     *
     * @param ifExists whether {@code IF EXISTS} was given
     * @param name     the object's name, normalised as Snowflake resolves identifiers
     * @param nameAt   the index of the name's token, after which the rest of the statement follows
     */
    record Existing(boolean ifExists, String name, int nameAt) {

        static Existing read(List<Token> tokens) {
            int i = 2;
            boolean ifExists = false;
            if (i < tokens.size() && tokens.get(i).isWord("IF")) {
                ifExists = true;
                i += 2;
            }
            return new Existing(ifExists, SqlEngine.name(tokens, i), i);
        }
    }
}
