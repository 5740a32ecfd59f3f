package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.secretsmanager.StagingLabels;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the runbook does by hand against {@code snowgate local up}: {@code secret put}, {@code verify},
 * RotateSecret through the SDK (as {@code aws secretsmanager rotate-secret} sends it), the wait for the rotation
 * the service runs in the background, {@code verify} again.
 */
class LocalRotationTest {

    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String USER = "SVC_SNOWGATE";
    private static final String ACCOUNT = "ORG-ACCT";
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private LocalStandIns standIns;
    private AwsSdkProperties sdk;
    private SecretsManagerClient client;
    private UserKey key;

    @BeforeEach
    void up() {
        key = UserKey.generate(dir, "local-rotation-passphrase");
        standIns = LocalStandIns.start(new LocalStandIns.Options(0, 0, ACCOUNT, Map.of(USER,
                dir.resolve("rsa_key.pub"))));
        sdk = new AwsSdkProperties(standIns.secretsManager());
        client = LocalUpTest.client(standIns.secretsManager());
    }

    @AfterEach
    void down() {
        client.close();
        sdk.close();
        standIns.close();
    }

    private CliRun verify() {
        return CliRun.run(Map.of(), "verify", "--secret-id", SECRET_ID,
                "--snowflake-url", "http://127.0.0.1:" + standIns.snowflake().port());
    }

    private String fingerprintLine(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("fingerprint ")).findFirst().orElseThrow();
    }

    @Test
    void rotateSecret_againstLocalUp_rotatesTheKey_andVerifyFollowsItFromSlotOneToSlotTwo() {
        CliRun put = CliRun.run(Map.of("P", key.passphrase()), "secret", "put", "--secret-id", SECRET_ID,
                "--key", dir.resolve("rsa_key.p8").toString(), "--passphrase-env", "P",
                "--user", USER, "--account", ACCOUNT, "--database", "SNOWGATE", "--schema", "PUBLIC");
        assertThat(put.exitCode()).as(put.err()).isZero();
        CliRun before = verify();
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).contains("fingerprint " + key.fingerprint() + NL + "slot RSA_PUBLIC_KEY" + NL);

        String token = client.rotateSecret(r -> r.secretId(SECRET_ID)
                .rotationLambdaARN("arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation")).versionId();

        // RotateSecret only starts the rotation: wait as the runbook does, on DescribeSecret.
        Map<String, List<String>> settled = Eventually.await("rotation of " + SECRET_ID + " to finish",
                Duration.ofSeconds(90), () -> client.describeSecret(r -> r.secretId(SECRET_ID)).versionIdsToStages(),
                stages -> !StagingLabels.rotationInProgress(stages));
        assertThat(settled.get(token)).as(standIns.secretsManager().rotations().toString()).contains("AWSCURRENT");
        CliRun after = verify();
        assertThat(after.exitCode()).as(after.err()).isZero();
        // The key verify signed in with is the one the rotation registered in slot 2, not merely a different one.
        String registered = standIns.snowflake().publicKeyFingerprint(USER, 2).orElseThrow();
        assertThat(registered).isNotEqualTo(key.fingerprint());
        assertThat(fingerprintLine(after)).isEqualTo("fingerprint " + registered);
        assertThat(after.out()).contains("slot RSA_PUBLIC_KEY_2" + NL)
                .contains("RSA_PUBLIC_KEY_FP " + key.fingerprint() + NL);

        // The rotation ran on the stand-in's own worker, which stops with the stand-ins.
        standIns.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.isAlive()
                && thread.getName().equals("secretsmanager-rotation"));
    }
}
