package io.snowgate.emulator.snowflake;

/**
 * Snowflake's {@code statementTypeId} values (snowflake-jdbc {@code SFStatementType}). The driver decides from them
 * whether a statement has a result set and how {@code executeUpdate} counts: DML sums the result's cells, the
 * others count 0, and 0 (unknown) makes {@code executeUpdate} fail with 200042.
 */
final class StatementTypes {

    static final int SELECT = 0x1000;
    /** What a multi-statement parent reports; its children carry their own types. */
    static final int MULTI_STATEMENT = 0x1000;
    static final int INSERT = 0x3100;
    static final int UPDATE = 0x3200;
    static final int DELETE = 0x3300;
    static final int MERGE = 0x3400;
    static final int ALTER_SESSION = 0x4100;
    static final int USE = 0x4300;
    static final int USE_DATABASE = 0x4301;
    static final int USE_SCHEMA = 0x4302;
    static final int USE_WAREHOUSE = 0x4303;
    static final int SHOW = 0x4400;
    static final int DESCRIBE = 0x4500;
    static final int TCL = 0x5000;
    static final int DDL = 0x6000;

    private StatementTypes() {
    }

    static boolean isDml(int type) {
        return type >= INSERT && type <= MERGE;
    }
}
