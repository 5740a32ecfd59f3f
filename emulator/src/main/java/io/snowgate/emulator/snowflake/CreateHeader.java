package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;

/**
 * The head of a {@code CREATE [OR REPLACE] <kind> [IF NOT EXISTS] <name>} statement, as the stand-in's own
 * commands (users, warehouses) read it.
 *
 * @param orReplace   whether {@code OR REPLACE} was given
 * @param ifNotExists whether {@code IF NOT EXISTS} was given
 * @param name        the object's name, normalised as Snowflake resolves identifiers
 * @param nameAt      the index of the name's token, after which the object's properties follow
 */
record CreateHeader(boolean orReplace, boolean ifNotExists, String name, int nameAt) {

    static CreateHeader read(List<Token> tokens) {
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
        return new CreateHeader(orReplace, ifNotExists, SqlEngine.name(tokens, i), i);
    }
}
