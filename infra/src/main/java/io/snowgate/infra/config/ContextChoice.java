package io.snowgate.infra.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A mode the operator picks with a context string: implemented by the enums of those modes ({@link Egress}, ...). */
interface ContextChoice {

    /** The value as written in the context ({@code cdk.json} or {@code -c key=value}). */
    String contextValue();

    /**
     * The constant whose {@link #contextValue()} is {@code value}.
     *
     * @throws ContextException naming {@code key} and every allowed value, in declaration order
     */
    static <E extends Enum<E> & ContextChoice> E parse(String key, String value, E[] allowed) {
        for (E choice : allowed) {
            if (choice.contextValue().equals(value)) {
                return choice;
            }
        }
        throw new ContextException(key, "must be one of " + Arrays.stream(allowed).map(ContextChoice::contextValue)
                .collect(Collectors.joining(", ")) + ", got '" + value + "'");
    }
}
