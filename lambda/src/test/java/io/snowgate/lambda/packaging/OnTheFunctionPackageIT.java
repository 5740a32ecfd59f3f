package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.QueryFunction;
import java.nio.file.Path;
import net.snowflake.client.jdbc.SnowflakeDriver;
import org.junit.jupiter.api.Test;

/**
 * Run only in the {@code e2e-on-the-function-package} execution: the function and its driver are the deployment
 * package's, so the end-to-end tests beside it in that run prove the package, not the Maven class path.
 */
class OnTheFunctionPackageIT {

    @Test
    void theFunctionAndTheDriverAreLoadedFromThePackagesLib() throws Exception {
        assertThat(System.getProperty("snowgate.classpath")).isEqualTo("function-package");
        Path lib = Path.of("target", "function-package", "lib").toAbsolutePath();

        assertThat(ZipClassPath.jarOf(SnowflakeDriver.class).getParent()).isEqualTo(lib);
        assertThat(ZipClassPath.jarOf(SnowflakeDriver.class).getFileName().toString()).endsWith("-slim.jar");
        assertThat(ZipClassPath.jarOf(QueryFunction.class).getParent()).isEqualTo(lib);
        assertThat(ZipClassPath.jarOf(com.fasterxml.jackson.databind.ObjectMapper.class).getParent()).isEqualTo(lib);
    }

    @Test
    void whatTheSlimDriverLeftOutIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("net.snowflake.client.jdbc.internal.grpc.Context"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(
                "net.snowflake.client.jdbc.internal.software.amazon.awssdk.services.s3.S3Client"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
