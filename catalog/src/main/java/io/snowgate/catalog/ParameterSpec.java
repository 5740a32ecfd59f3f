package io.snowgate.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A declared query parameter. Values of {@code defaultValue}, {@code min} and {@code max} are kept as written in the
 * catalog (String, Long, BigInteger, BigDecimal or Boolean) and converted with the parameter's type when used, so
 * {@link CatalogValidator} can report a bad one instead of the loader failing on the first.
 *
 * @param name          the name used as {@code :name} in the SQL
 * @param type          how values are checked and converted
 * @param required      whether a request must supply a value; when not, a missing value binds the default, else NULL
 * @param defaultValue  value used when a request supplies none
 * @param min           smallest allowed value (integer, number, date, timestamp), inclusive
 * @param max           largest allowed value (integer, number, date, timestamp), inclusive
 * @param minLength     fewest characters (string)
 * @param maxLength     most characters (string)
 * @param pattern       regular expression the whole value must match (string)
 * @param allowedValues the only values accepted, when not empty (string)
 * @param sensitive     whether callers must keep values out of logs and responses
 * @param description   what the parameter means, for people reading the catalog or an API listing
 */
public record ParameterSpec(String name, ParameterType type, boolean required, Optional<Object> defaultValue,
        Optional<Object> min, Optional<Object> max, OptionalInt minLength, OptionalInt maxLength,
        Optional<String> pattern, List<String> allowedValues, boolean sensitive, String description) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        defaultValue = defaultValue == null ? Optional.empty() : defaultValue;
        min = min == null ? Optional.empty() : min;
        max = max == null ? Optional.empty() : max;
        minLength = minLength == null ? OptionalInt.empty() : minLength;
        maxLength = maxLength == null ? OptionalInt.empty() : maxLength;
        pattern = pattern == null ? Optional.empty() : pattern;
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        description = description == null ? "" : description;
    }

    /** The same declaration without its allowed values, to check the allowed values against the other bounds. */
    ParameterSpec withoutAllowedValues() {
        return new ParameterSpec(name, type, required, defaultValue, min, max, minLength, maxLength, pattern,
                List.of(), sensitive, description);
    }
}
