package io.snowgate.emulator.junit5;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, started stand-in and closes it afterwards. Register it as a field:
 * {@code @RegisterExtension final StandInExtension<SnowflakeStandIn> snowflake =
 * StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());}. The stand-in is also injected
 * into test method parameters of its type.
 *
 * <p>Typed on {@link AutoCloseable} rather than on the stand-ins' base class, so this module does not depend on the
 * stand-ins and their own tests can use it without a dependency cycle.
 *
 * @param <T> the stand-in's type
 */
public final class StandInExtension<T extends AutoCloseable>
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Class<T> type;
    private final Supplier<? extends T> start;
    private T current;

    private StandInExtension(Class<T> type, Supplier<? extends T> start) {
        this.type = type;
        this.start = start;
    }

    /**
     * @param type  the stand-in's type, for parameter injection
     * @param start makes and starts a stand-in; called before each test
     */
    public static <T extends AutoCloseable> StandInExtension<T> of(Class<T> type, Supplier<? extends T> start) {
        return new StandInExtension<>(type, start);
    }

    /** The stand-in of the running test. */
    public T get() {
        if (current == null) {
            throw new IllegalStateException(type.getSimpleName() + " is only available while a test runs");
        }
        return current;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = start.get();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (current != null) {
            try {
                current.close();
            } finally {
                current = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType().equals(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return get();
    }
}
