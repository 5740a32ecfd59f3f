'use strict';
// Runs Snowflake's official Node.js driver (snowflake-sdk, pinned in package.json) against the Snowflake stand-in:
// key-pair login, a query, bound values, DML, dates and timestamps of every era, an SQL error with its code, the warehouse errors (USE of one that does
// not exist; a table query in a session with none), names a session without a database cannot complete (090105),
// CREATE OR REPLACE and dollar-quoted strings, Snowflake's week parts, TRY_CAST, OBJECT/ARRAY constructors and FROM
// VALUES column names, a describe-only request, an async query polled to completion, and
// RESULT_SCAN of it. Every check prints one line "ok <name>"; the first mismatch prints "FAIL <name>: ..." and exits 1.
//
// Environment: SNOWGATE_SNOWFLAKE_URL (http://127.0.0.1:PORT), SNOWGATE_ACCOUNT, SNOWGATE_USER,
// SNOWGATE_PRIVATE_KEY_FILE (PKCS#8 PEM), SNOWGATE_DATABASE, SNOWGATE_WAREHOUSE.

// Before the driver loads: its platform detection probes cloud metadata addresses at require time.
process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION = 'true';

const fs = require('node:fs');
const assert = require('node:assert/strict');
const snowflake = require('snowflake-sdk');

snowflake.configure({ logLevel: 'ERROR', additionalLogToConsole: false, disableOCSPChecks: true });

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

function execute(connection, options) {
  return new Promise((resolve, reject) => {
    connection.execute({
      ...options,
      complete: (err, statement, rows) => (err ? reject(err) : resolve({ statement, rows })),
    });
  });
}

async function check(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
}

function connect(warehouse, { withDatabase = true } = {}) {
  const connection = snowflake.createConnection({
    accessUrl: env('SNOWGATE_SNOWFLAKE_URL'),
    account: env('SNOWGATE_ACCOUNT'),
    username: env('SNOWGATE_USER'),
    authenticator: 'SNOWFLAKE_JWT',
    privateKey: fs.readFileSync(env('SNOWGATE_PRIVATE_KEY_FILE'), 'utf8'),
    ...(withDatabase ? { database: env('SNOWGATE_DATABASE'), schema: 'PUBLIC' } : {}),
    ...(warehouse ? { warehouse } : {}),
    application: 'SnowgateNodeCheck',
  });
  return new Promise((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve(connection))));
}

function destroy(connection) {
  return new Promise((resolve, reject) => connection.destroy((err) => (err ? reject(err) : resolve())));
}

async function main() {
  let connection;
  await check('key-pair login', async () => {
    connection = await connect(env('SNOWGATE_WAREHOUSE'));
    assert.ok(connection.isUp(), 'connection is up');
  });

  await check('query', async () => {
    const { rows } = await execute(connection, { sqlText: 'SELECT CURRENT_USER() AS WHO, 42 AS ANSWER' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].WHO, env('SNOWGATE_USER').toUpperCase());
    assert.equal(rows[0].ANSWER, 42);
  });

  await check('bound values', async () => {
    const { rows } = await execute(connection, {
      sqlText: 'SELECT ? AS TEXT_VALUE, ? AS NUMBER_VALUE, ? || \'; DROP TABLE X\' AS LOOKS_LIKE_SQL',
      binds: ["it's", 7, 'x'],
    });
    assert.equal(rows[0].TEXT_VALUE, "it's");
    assert.equal(rows[0].NUMBER_VALUE, 7);
    assert.equal(rows[0].LOOKS_LIKE_SQL, 'x; DROP TABLE X');
  });

  await check('dml', async () => {
    await execute(connection, { sqlText: 'CREATE TABLE NODE_EVENTS (ID NUMBER, NAME VARCHAR)' });
    const inserted = await execute(connection, {
      sqlText: 'INSERT INTO NODE_EVENTS VALUES (?, ?), (?, ?)',
      binds: [1, 'one', 2, 'two'],
    });
    assert.equal(inserted.statement.getNumUpdatedRows(), 2);
    const updated = await execute(connection, { sqlText: "UPDATE NODE_EVENTS SET NAME = 'uno' WHERE ID = 1" });
    assert.equal(updated.statement.getNumUpdatedRows(), 1);
    const { rows } = await execute(connection, { sqlText: 'SELECT NAME FROM NODE_EVENTS ORDER BY ID' });
    assert.deepEqual(rows.map((r) => r.NAME), ['uno', 'two']);
  });

  await check('describe only: compiled, not run, a placeholder in the select list', async () => {
    // snowgate verify --queries sends the same request through snowflake-jdbc (describeOnly in the query request).
    const described = await execute(connection, {
      sqlText: 'SELECT ? AS LABEL, NAME FROM NODE_EVENTS WHERE ID = ?',
      describeOnly: true,
    });
    assert.deepEqual(described.statement.getColumns().map((column) => column.getName()), ['LABEL', 'NAME']);
    await execute(connection, { sqlText: "INSERT INTO NODE_EVENTS VALUES (3, 'three')", describeOnly: true });
    const { rows } = await execute(connection, { sqlText: 'SELECT COUNT(*) AS N FROM NODE_EVENTS' });
    assert.equal(rows[0].N, 2, 'the described INSERT did not run');
    await assert.rejects(execute(connection, { sqlText: 'SELECT NOPE FROM NODE_EVENTS', describeOnly: true }),
      (err) => {
        assert.equal(err.code, '000904');
        return true;
      });
  });

  await check('sql error with its code', async () => {
    await assert.rejects(execute(connection, { sqlText: 'SELECT * FROM NO_SUCH_TABLE' }), (err) => {
      assert.equal(err.code, '002003');
      assert.match(err.message, /does not exist or not authorized/);
      assert.ok(err.sqlState, 'an SQL state');
      return true;
    });
  });

  await check('parse_json is a variant, bad json 100069', async () => {
    // The driver turns a VARIANT column into the JSON value it holds, and leaves text as text.
    const { rows } = await execute(connection, { sqlText: `SELECT PARSE_JSON('{"a": [1, 2]}') AS V` });
    assert.deepEqual(rows[0].V, { a: [1, 2] });
    for (const text of ['{oops', '{"a": 1, "a": 2}']) {
      await assert.rejects(execute(connection, { sqlText: `SELECT PARSE_JSON('${text}') AS V` }), (err) => {
        assert.equal(err.code, '100069');
        assert.equal(err.sqlState, '22P02');
        assert.match(err.message, /^Error parsing JSON: /);
        return true;
      });
    }
  });

  await check('warehouse errors with their codes', async () => {
    await assert.rejects(execute(connection, { sqlText: 'USE WAREHOUSE NO_SUCH_WH' }), (err) => {
      assert.equal(err.code, '002043');
      assert.equal(err.sqlState, '02000');
      return true;
    });
    const withoutWarehouse = await connect(undefined);
    try {
      await assert.rejects(execute(withoutWarehouse, { sqlText: 'SELECT NAME FROM NODE_EVENTS' }), (err) => {
        assert.equal(err.code, '000606');
        assert.equal(err.sqlState, '57P03');
        assert.match(err.message, /No active warehouse selected in the current session/);
        return true;
      });
      const { rows } = await execute(withoutWarehouse, { sqlText: 'SELECT CURRENT_WAREHOUSE() AS WH' });
      assert.equal(rows[0].WH, null);
    } finally {
      await destroy(withoutWarehouse);
    }
  });

  await check('names completed from the session, 090105 without a database', async () => {
    const noDatabase = await connect(env('SNOWGATE_WAREHOUSE'), { withDatabase: false });
    try {
      await assert.rejects(execute(noDatabase, { sqlText: 'SELECT COUNT(*) AS N FROM NODE_EVENTS' }), (err) => {
        assert.equal(err.code, '090105');
        assert.equal(err.sqlState, '22000');
        assert.match(err.message, /^Cannot perform SELECT\. This session does not have a current database\./);
        return true;
      });
      const whole = `${env('SNOWGATE_DATABASE')}.PUBLIC.NODE_EVENTS`;
      const { rows } = await execute(noDatabase, { sqlText: `SELECT COUNT(*) AS N FROM ${whole}` });
      assert.equal(rows[0].N, 2);
    } finally {
      await destroy(noDatabase);
    }
  });

  await check('create or replace, dollar-quoted strings', async () => {
    for (let i = 0; i < 2; i++) {
      await execute(connection, { sqlText: 'CREATE OR REPLACE TABLE NODE_COPY AS SELECT * FROM NODE_EVENTS' });
    }
    const copied = await execute(connection, { sqlText: 'SELECT COUNT(*) AS N FROM NODE_COPY' });
    assert.equal(copied.rows[0].N, 2);
    const { rows } = await execute(connection, { sqlText: "SELECT $$it's; a ?$$ AS S" });
    assert.equal(rows[0].S, "it's; a ?");
  });

  await check('dates and timestamps on the proleptic gregorian calendar', async () => {
    // Snowflake sends a DATE as days and a timestamp as seconds since the epoch on the proleptic Gregorian calendar,
    // which JavaScript's Date also uses, so this driver shows the day stored whatever the era. snowflake-jdbc moves
    // values before 1582; this checks the stand-in's encoding with a client that does not.
    await execute(connection, {
      sqlText: "ALTER SESSION SET DATE_OUTPUT_FORMAT = 'YYYY-MM-DD', TIMEZONE = 'UTC',"
        + " TIMESTAMP_NTZ_OUTPUT_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3',"
        + " TIMESTAMP_TZ_OUTPUT_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3 TZH:TZM'",
    });
    await execute(connection, {
      sqlText: 'CREATE TABLE NODE_DAYS (ID NUMBER, D DATE, NTZ TIMESTAMP_NTZ, TZ TIMESTAMP_TZ)',
    });
    const days = ['0001-01-01', '0100-03-01', '1500-03-01', '1582-10-04', '1582-10-15', '2026-01-31'];
    await execute(connection, {
      sqlText: 'INSERT INTO NODE_DAYS VALUES '
        + days.map((day, i) => `(${i}, '${day}', '${day} 10:30:00.5', '${day} 10:30:00.5 +01:00')`).join(', '),
    });
    const { rows } = await execute(connection, {
      sqlText: 'SELECT D, NTZ, TZ FROM NODE_DAYS ORDER BY ID',
      fetchAsString: ['Date'],
    });
    assert.deepEqual(rows.map((r) => [r.D, r.NTZ, r.TZ]),
      days.map((day) => [day, `${day} 10:30:00.500`, `${day} 10:30:00.500 +01:00`]));
  });

  await check('snowflake functions: week parts, try_cast, constructors, from values', async () => {
    // Snowflake's defaults (WEEK_START = 0, WEEK_OF_YEAR_POLICY = 0): weeks start on Monday, DAYOFWEEK counts Sunday
    // as 0, and 2017-01-01 (a Sunday) is in ISO week 52 of 2016. TRY_CAST gives NULL where CAST fails. A NULL value
    // drops its key from OBJECT_CONSTRUCT; ARRAY_CONSTRUCT_COMPACT drops NULL elements.
    const { rows } = await execute(connection, {
      sqlText: "SELECT DATE_TRUNC('week', '2017-01-01'::DATE) AS MONDAY, DAYOFWEEK('2017-01-01'::DATE) AS DOW,"
        + " WEEK('2017-01-01'::DATE) AS WK, DATEADD(m, 90, '2017-01-01 00:00:00'::TIMESTAMP_NTZ) AS PLUS,"
        + " TRY_CAST('12x' AS NUMBER) AS BAD, TRY_CAST('12' AS NUMBER) AS GOOD,"
        + " OBJECT_CONSTRUCT('a', 1, 'b', NULL, 'c', 'three') AS O, ARRAY_CONSTRUCT_COMPACT(1, NULL, 2) AS A",
      fetchAsString: ['Date'],
    });
    assert.equal(rows[0].MONDAY, '2016-12-26');
    assert.equal(rows[0].DOW, 0);
    assert.equal(rows[0].WK, 52);
    assert.match(rows[0].PLUS, /^2017-01-01 01:30:00/);
    assert.equal(rows[0].BAD, null);
    assert.equal(rows[0].GOOD, 12);
    assert.deepEqual(rows[0].O, { a: 1, c: 'three' });
    assert.deepEqual(rows[0].A, [1, 2]);
    const values = await execute(connection, { sqlText: "SELECT * FROM VALUES (1, 'one'), (2, 'two') ORDER BY 1" });
    assert.deepEqual(values.rows, [{ COLUMN1: 1, COLUMN2: 'one' }, { COLUMN1: 2, COLUMN2: 'two' }]);
  });

  await check('anchored regexps, array_agg of variants, object_agg, sorted keys, last_value, avg scale', async () => {
    // REGEXP_LIKE matches the whole subject; ARRAY_AGG nests a VARIANT and leaves out NULLs; OBJECT_AGG skips a
    // NULL value; an object's keys come out sorted; LAST_VALUE sees the whole window; AVG of integers has 6 places.
    const { rows } = await execute(connection, {
      sqlText: "SELECT REGEXP_LIKE('abc', 'b') AS PARTIAL, 'abc' RLIKE 'a.c' AS WHOLE,"
        + ' ARRAY_AGG(V) WITHIN GROUP (ORDER BY K) AS ARR, OBJECT_AGG(K, V) AS OBJ,'
        + ` TO_JSON(PARSE_JSON('{"b":1,"a":2}')) AS SORTED`
        + ` FROM (SELECT 'x' AS K, PARSE_JSON('{"n": 1}') AS V UNION ALL SELECT 'y', NULL)`,
    });
    assert.equal(rows[0].PARTIAL, false);
    assert.equal(rows[0].WHOLE, true);
    assert.deepEqual(rows[0].ARR, [{ n: 1 }]);
    assert.deepEqual(rows[0].OBJ, { x: { n: 1 } });
    assert.equal(rows[0].SORTED, '{"a":2,"b":1}');
    const last = await execute(connection, {
      sqlText: 'SELECT LAST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2) AS LAST'
        + ' FROM VALUES (1, 10), (1, 11), (2, 20) ORDER BY COLUMN1, COLUMN2',
    });
    assert.deepEqual(last.rows.map((r) => r.LAST), [11, 11, 20]);
    await execute(connection, { sqlText: 'CREATE TABLE NODE_AVERAGES (N INT)' });
    await execute(connection, { sqlText: 'INSERT INTO NODE_AVERAGES VALUES (1), (2)' });
    const mean = await execute(connection, {
      sqlText: 'SELECT AVG(N) AS MEAN FROM NODE_AVERAGES',
      fetchAsString: ['Number'],
    });
    assert.equal(mean.rows[0].MEAN, '1.500000');
  });

  await check('escapes, to_char, regexp groups, $n, split_to_table, auto dates, column names, characters, number formats', async () => {
    // '\\d' in SQL is the regex \d (docs: data-types-text escapes); TO_CHAR writes Snowflake's format elements;
    // REGEXP_REPLACE reads \1 as a group; $1 names VALUES' first column; SPLIT_TO_TABLE counts from 1; a US date
    // is read without a format.
    const { rows } = await execute(connection, {
      sqlText: "SELECT REGEXP_LIKE('2026', '\\\\d{4}') AS DIGITS, LENGTH('a\\tb') AS TABBED,"
        + " TO_VARCHAR('2013-04-05'::DATE, 'mon dd, yyyy') AS WRITTEN, DAYNAME('2026-11-30'::DATE) AS DAY,"
        + " REGEXP_REPLACE('abc', '(b)', '\\\\1\\\\1') AS DOUBLED, TO_DATE('11/30/2026') AS US",
    });
    assert.equal(rows[0].DIGITS, true);
    assert.equal(rows[0].TABBED, 3);
    assert.equal(rows[0].WRITTEN, 'Apr 05, 2013');
    assert.equal(rows[0].DAY, 'Mon');
    assert.equal(rows[0].DOUBLED, 'abbc');
    assert.equal(rows[0].US.toJSON().slice(0, 10), '2026-11-30');
    const positional = await execute(connection, { sqlText: "SELECT $2, $1 FROM VALUES (1, 'one') " });
    assert.deepEqual(positional.rows, [{ $2: 'one', $1: 1 }]);
    const split = await execute(connection, {
      sqlText: "SELECT INDEX, VALUE FROM TABLE(SPLIT_TO_TABLE('x,y', ',')) ORDER BY INDEX",
    });
    assert.deepEqual(split.rows, [{ INDEX: 1, VALUE: 'x' }, { INDEX: 2, VALUE: 'y' }]);
    // A computed column is named after its text upper-cased (the CONCAT docs' example); || writes true.
    const named = await execute(connection, {
      sqlText: "SELECT count_if(x > 1), 'ok: ' || (x > 0) FROM VALUES (2) AS v(x) GROUP BY x",
    });
    assert.deepEqual(named.rows, [{ 'COUNT_IF(X > 1)': 1, "'OK: ' || (X > 0)": 'ok: true' }]);
    // Positions count characters: an emoji is one, never cut in half (docs: functions/substr, functions/charindex).
    const emoji = await execute(connection, {
      sqlText: "SELECT SUBSTR('\u{1F600}abc', 2) AS REST, LEFT('\u{1F600}abc', 2) AS HEAD,"
        + " POSITION('c' IN '\u{1F600}abc') AS AT",
    });
    assert.deepEqual(emoji.rows, [{ REST: 'abc', HEAD: '\u{1F600}a', AT: 4 }]);
    // A format model reads text the default cast would refuse (docs: sql-format-models).
    const formatted = await execute(connection, {
      sqlText: "SELECT TO_NUMBER('$1,234.50', '$9,999.99', 10, 2) AS AMOUNT, TO_NUMBER('102-', 'MI999|999MI') AS OWED",
    });
    assert.deepEqual(formatted.rows, [{ AMOUNT: 1234.5, OWED: -102 }]);
  });

  let queryId;
  await check('async query polled to completion', async () => {
    const started = await execute(connection, {
      sqlText: 'SELECT SYSTEM$WAIT(1) AS WAITED, 7 AS SEVEN',
      asyncExec: true,
    });
    queryId = started.statement.getQueryId();
    assert.match(queryId, /^[0-9a-f-]{36}$/);
    let status = await connection.getQueryStatus(queryId);
    const deadline = Date.now() + 30000;
    while (connection.isStillRunning(status)) {
      assert.ok(Date.now() < deadline, `still ${status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await connection.getQueryStatus(queryId);
    }
    assert.equal(status, 'SUCCESS');
    const results = await connection.getResultsFromQueryId({ queryId });
    const rows = await new Promise((resolve, reject) => {
      const collected = [];
      results.streamRows().on('data', (row) => collected.push(row)).on('end', () => resolve(collected)).on('error', reject);
    });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].SEVEN, 7);
  });

  await check('result_scan of the async query', async () => {
    const { rows } = await execute(connection, {
      sqlText: `SELECT SEVEN, WAITED FROM TABLE(RESULT_SCAN('${queryId}'))`,
    });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].SEVEN, 7);
    assert.equal(rows[0].WAITED, 'waited 1 seconds');
  });

  await check('close', async () => {
    await destroy(connection);
  });
}

main().then(
  () => console.log('all checks passed'),
  (e) => {
    console.log(`FAIL unexpected: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
