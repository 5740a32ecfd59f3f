package io.snowgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code snowgate demo}: the main job end to end on the local stand-ins, nothing leaving 127.0.0.1. An administrator
 * registers a fresh key on a {@code TYPE = SERVICE} user, the secret is stored exactly as the Glue recipe lays it
 * out, and the real scheduled handler runs the recipe's query, cold and then warm.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run Snowgate end to end against local stand-ins of Secrets Manager and Snowflake.")
final class DemoCommand implements Runnable {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCHEDULED_EVENT = "{\"query\":\"current_version\",\"params\":{}}";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();
    private PrintWriter out;
    private int step;

    @Override
    public void run() {
        out = spec.commandLine().getOut();
        out.println("Snowgate demo: the real handler, AWS SDK and snowflake-jdbc against local stand-ins on 127.0.0.1");
        try (LocalDemoDeployment deployment = LocalDemoDeployment.start()) {
            deployment.standIns().endpoints().forEach(endpoint -> out.println("  " + endpoint));
            run(deployment);
        } catch (SQLException e) {
            throw new CommandFailedException("demo failed in Snowflake: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("demo failed: " + e.getMessage(), e);
        }
        out.println();
        out.println("Done. Stand-ins stopped; nothing left this machine.");
        out.flush();
    }

    private void run(LocalDemoDeployment deployment) throws SQLException, IOException {
        step("Generate the service user's key pair (RSA 2048, PKCS#8 encrypted with AES-256 and a random passphrase)");
        LocalDemoDeployment.ServiceKey key = LocalDemoDeployment.newServiceKey();
        out.println("  fingerprint " + key.fingerprint());

        step("As an administrator, create the TYPE = SERVICE user holding the public key");
        String create = LocalDemoDeployment.createUserStatement(key);
        out.println("  " + create.substring(0, create.indexOf("RSA_PUBLIC_KEY") + 20) + "...'");
        out.println("  DESC USER: RSA_PUBLIC_KEY_FP = " + deployment.createServiceUser(key));

        step("Store the secret as the Glue recipe lays it out (key body and passphrase), through the AWS SDK");
        String arn = deployment.storeSecret(key);
        out.println("  " + arn + " with fields " + deployment.secretFields(key).keySet());

        try (ScheduledQueryHandler scheduled = deployment.handler(functionLog())) {
            step("Invoke the scheduled handler, cold, as EventBridge Scheduler would: " + SCHEDULED_EVENT);
            scheduledRun(scheduled, deployment.standIns());

            step("Invoke it again, warm: the secret and the Snowflake session are reused");
            scheduledRun(scheduled, deployment.standIns());
        }
    }

    private void scheduledRun(ScheduledQueryHandler handler, LocalStandIns standIns) throws IOException {
        Map<String, Long> before = costs(standIns);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        long start = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(SCHEDULED_EVENT.getBytes(StandardCharsets.UTF_8)), result,
                new LocalContext("snowgate-demo-scheduled", INVOCATION_TIMEOUT, Clock.systemUTC()));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        Map<String, Long> after = costs(standIns);
        ObjectNode answer = (ObjectNode) json.readTree(result.toByteArray());
        answer.remove("elapsedMs");
        out.println("  result: " + json.writeValueAsString(answer));
        out.println("  " + millis + " ms, " + (after.get("fetches") - before.get("fetches")) + " GetSecretValue call(s), "
                + (after.get("logins") - before.get("logins")) + " Snowflake login(s)");
    }

    private static Map<String, Long> costs(LocalStandIns standIns) {
        return Map.of("fetches", standIns.secretsManager().counters().count("GetSecretValue"),
                "logins", standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN));
    }

    /** The function's own JSON log lines, indented under the step that wrote them. */
    private PrintStream functionLog() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                out.println("  log: " + line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }
}
