package io.snowgate.lambda.query;

/**
 * A result column as callers see it.
 *
 * @param name the column label
 * @param type Snowflake's type name, lower-case ({@code number}, {@code varchar}, {@code timestamp_tz}, ...)
 */
public record Column(String name, String type) {
}
