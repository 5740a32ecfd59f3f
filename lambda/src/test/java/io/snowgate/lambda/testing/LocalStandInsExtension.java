package io.snowgate.lambda.testing;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Both stand-ins the function talks to, fresh for each test: {@code @RegisterExtension final LocalStandInsExtension
 * standIns = new LocalStandInsExtension();}
 */
public final class LocalStandInsExtension implements BeforeEachCallback, AfterEachCallback {

    private final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());
    private final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    public SecretsManagerStandIn secretsManager() {
        return secretsManager.get();
    }

    public SnowflakeStandIn snowflake() {
        return snowflake.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        secretsManager.beforeEach(context);
        try {
            snowflake.beforeEach(context);
        } catch (Exception e) {
            secretsManager.afterEach(context);
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            snowflake.afterEach(context);
        } finally {
            secretsManager.afterEach(context);
        }
    }
}
