package io.snowgate.infra.workload;

import java.util.Objects;

/**
 * A catalog query exposed over HTTP as {@code POST /queries/{name}}.
 *
 * @param name the catalog name, used as the route path segment
 */
public record HttpQuery(String name) {

    public HttpQuery {
        Objects.requireNonNull(name, "name");
    }
}
