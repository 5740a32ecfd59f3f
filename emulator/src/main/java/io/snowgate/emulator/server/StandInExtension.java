package io.snowgate.emulator.server;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh, started stand-in and stops it afterwards. Register it as a field:
 * {@code @RegisterExtension final StandInExtension<SecretsManagerStandIn> secrets = new StandInExtension<>(...)};
 * the stand-in is also injected into test method parameters of its type.
 */
public class StandInExtension<T extends StandInServer>
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Class<T> type;
    private final Supplier<T> factory;
    private T current;

    public StandInExtension(Class<T> type, Supplier<T> factory) {
        this.type = type;
        this.factory = factory;
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
        current = factory.get();
        current.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (current != null) {
            current.close();
            current = null;
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
