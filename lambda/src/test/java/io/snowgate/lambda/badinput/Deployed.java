package io.snowgate.lambda.badinput;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One working deployment shared by a table of bad requests: both stand-ins, a service user with an openssl-made key
 * whose body and passphrase join every case's canaries, and a function built per case writing to its own
 * {@link Captured} stream.
 */
final class Deployed implements AutoCloseable {

    private final SecretsManagerStandIn secretsManager = new SecretsManagerStandIn().start();
    private final SnowflakeStandIn snowflake = new SnowflakeStandIn().start();
    private final LocalDeployment deployment;
    private final UserKey key;

    Deployed(Path dir, String passphrase) {
        key = UserKey.generate(dir, passphrase);
        deployment = new LocalDeployment(secretsManager, snowflake).install(key);
    }

    QueryFunction function(Captured captured) {
        SnowgateConfig config = deployment.config(Duration.ofMinutes(5));
        return QueryFunction.create(config, new AwsSecretSource(deployment.client()), Clock.systemUTC(),
                Duration.ofMinutes(1), captured.logs());
    }

    /** The case's canaries and the deployment's own secrets, none of which any answer or log may hold. */
    List<String> canaries(List<String> caseCanaries) {
        List<String> all = new ArrayList<>(caseCanaries);
        all.add(key.passphrase());
        key.body().lines().filter(line -> line.length() >= 24).forEach(all::add);
        return all;
    }

    SnowflakeStandIn snowflake() {
        return snowflake;
    }

    @Override
    public void close() {
        deployment.close();
        snowflake.close();
        secretsManager.close();
    }
}
