package io.snowgate.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.snowgate.infra.config.ContextException;
import io.snowgate.infra.config.ContextSettings;
import io.snowgate.infra.config.FunctionStartup;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.function.FunctionPackage;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.stack.SnowgateStackProps;
import io.snowgate.infra.workload.CatalogWorkload;
import io.snowgate.infra.workload.Workload;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app ({@code cdk.json} runs it through {@code ./snowgate cdk-app}): reads the context, packages the function
 * with the validated catalog, builds the stack and checks it with cdk-nag's AWS Solutions rules.
 */
public final class SnowgateApp {

    /**
     * Context key: the functions' package built by the {@code lambda} module, by default the deployment zip, or with
     * {@code startup=aot-cache} the on-demand package.
     */
    public static final String FUNCTION_ZIP = "functionZip";
    public static final Path DEFAULT_FUNCTION_ZIP = Path.of("lambda", "target", "snowgate-lambda-function.zip");
    public static final Path DEFAULT_ON_DEMAND_ZIP = Path.of("lambda", "target", "snowgate-lambda-on-demand.zip");

    private SnowgateApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (ContextException e) {
            // A clear one-line reason is what the operator needs; the stack trace is noise.
            System.err.println("snowgate infra: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /**
     * Builds the stack from the app's context.
     *
     * @throws ContextException naming the context key when a value or the file it names is invalid
     */
    public static SnowgateStack build(App app) {
        if (app.getNode().getAllContext() instanceof Map<?, ?> context) {
            ContextSettings.refuseUnknownKeys(context.keySet().stream().map(String::valueOf).toList(),
                    List.of(FUNCTION_ZIP));
        }
        InfraSettings settings = ContextSettings.read(key -> app.getNode().tryGetContext(key));
        Workload workload = CatalogWorkload.load(settings.catalogFile(), settings.timeoutSeconds());
        Path packageDir = temporaryDirectory();
        try {
            Code code = Code.fromAsset(functionPackage(app, settings, packageDir).toString());
            // Building the functions stages (copies) the asset into the cloud assembly: the copy here can go.
            SnowgateStack stack = new SnowgateStack(app, "Snowgate",
                    new SnowgateStackProps(settings, code, workload));
            addChecks(app);
            return stack;
        } finally {
            deleteRecursively(packageDir);
        }
    }

    /** Adds cdk-nag's AWS Solutions checks: findings become errors and warnings on the synthesized stack. */
    public static void addChecks(App app) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    private static Path functionPackage(App app, InfraSettings settings, Path packageDir) {
        Object configured = app.getNode().tryGetContext(FUNCTION_ZIP);
        Path zip = configured != null ? Path.of(configured.toString())
                : settings.startup() == FunctionStartup.AOT_CACHE ? DEFAULT_ON_DEMAND_ZIP : DEFAULT_FUNCTION_ZIP;
        if (!Files.isRegularFile(zip)) {
            throw new ContextException(FUNCTION_ZIP, "the function package " + zip.toAbsolutePath()
                    + " does not exist; build it with ./snowgate cdk-app (or ./mvnw -pl lambda -am package; the"
                    + " on-demand package needs a JDK 25 or newer)");
        }
        return FunctionPackage.withCatalog(zip, settings.catalogFile(), packageDir);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("snowgate-function");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the function package", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary function package in " + dir, e);
        }
    }
}
