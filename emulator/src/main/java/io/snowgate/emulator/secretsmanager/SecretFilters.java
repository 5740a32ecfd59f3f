package io.snowgate.emulator.secretsmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * ListSecrets' filters as the API reference (API_Filter) and the User Guide ("Find secrets") describe them:
 * {@code description} is a prefix match ignoring case; {@code name}, {@code tag-key}, {@code tag-value} and
 * {@code primary-region} are prefix matches respecting case; {@code owning-service} matches nothing here (no secret
 * of the stand-in is managed by another service); {@code all} breaks the value into words (at punctuation, between
 * letters and digits and where lower case turns upper) and matches any of them against the words of the name, the
 * description and the tags, ignoring case. A value starting with {@code !} negates. The documents do not say how
 * values and filters combine; the stand-in keeps a secret that, for every filter, matches any of its plain values
 * and none of its negated ones.
 */
final class SecretFilters {

    static final Set<String> KEYS = Set.of("description", "name", "tag-key", "tag-value", "primary-region",
            "owning-service", "all");
    static final int MAX_FILTERS = 10;
    static final int MAX_VALUES = 10;
    static final int MAX_VALUE_LENGTH = 512;
    /** Filter values' pattern in the service model (FilterValueStringType), as Coral quotes it; Java reads it alike. */
    static final String VALUE_PATTERN = "^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$";
    private static final Pattern WORD_BREAK = Pattern.compile(
            "[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])");

    /** One filter: its key and its values, each possibly negated with {@code !}. */
    record Filter(String key, List<String> values) {
        Filter {
            values = List.copyOf(values);
        }
    }

    private SecretFilters() {
    }

    static boolean matchAll(List<Filter> filters, SecretStore.Description secret) {
        return filters.stream().allMatch(filter -> matches(filter, secret));
    }

    private static boolean matches(Filter filter, SecretStore.Description secret) {
        boolean anyPlain = false;
        boolean plainMatched = false;
        for (String value : filter.values()) {
            if (value.startsWith("!")) {
                if (matchesValue(filter.key(), value.substring(1), secret)) {
                    return false;
                }
            } else {
                anyPlain = true;
                plainMatched |= matchesValue(filter.key(), value, secret);
            }
        }
        return !anyPlain || plainMatched;
    }

    private static boolean matchesValue(String key, String value, SecretStore.Description secret) {
        return switch (key) {
            case "name" -> secret.secret().name().startsWith(value);
            case "description" -> secret.description() != null
                    && lower(secret.description()).startsWith(lower(value));
            case "tag-key" -> secret.tags().keySet().stream().anyMatch(k -> k.startsWith(value));
            case "tag-value" -> secret.tags().values().stream().anyMatch(v -> v.startsWith(value));
            case "primary-region" -> secret.primaryRegion().startsWith(value);
            case "all" -> matchesWords(value, secret);
            default -> false;
        };
    }

    private static boolean matchesWords(String value, SecretStore.Description secret) {
        List<String> searched = new ArrayList<>();
        Stream.concat(Stream.of(secret.secret().name(), secret.description()),
                        Stream.concat(secret.tags().keySet().stream(), secret.tags().values().stream()))
                .filter(text -> text != null)
                .forEach(text -> searched.addAll(words(text)));
        return words(value).stream().anyMatch(word -> searched.stream().anyMatch(w -> w.startsWith(word)));
    }

    private static List<String> words(String text) {
        return Stream.of(WORD_BREAK.split(text)).filter(w -> !w.isEmpty()).map(SecretFilters::lower).toList();
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
