package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's local runbooks build on one another: a block that starts {@code ./snowgate local up} and then signs
 * requests to it is run with the exports of "Try a handler locally", the key files the "Keys" section makes and the
 * passphrase variable it exports. What a block names must be what those made, or its commands fail as printed
 * (another region: {@code InvalidSignatureException}; another file: "no such file"; another variable: "is not set").
 */
class ReadmeLocalCommandsTest {

    private static final Path README = Path.of("../README.md");
    /** What {@code local up} serves without {@code --region} (its help: "default: us-east-1"). */
    private static final String LOCAL_UP_DEFAULT_REGION = "us-east-1";
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Z_][A-Z0-9_]*)=(\\S*)");
    private static final Pattern LAMBDA_ARN_REGION = Pattern.compile("arn:aws:lambda:([a-z0-9-]+):");
    /** Commands that sign a request to the Secrets Manager stand-in with the exported region and access key. */
    private static final List<String> SIGNING = List.of("aws secretsmanager", "./snowgate secret ",
            "./snowgate verify --secret-id", "./snowgate invoke", "./snowgate run ");

    private List<ReadmeAwsCommandsTest.Block> blocks;
    private Map<String, Set<String>> exported;

    @BeforeEach
    void readReadme() throws IOException {
        blocks = ReadmeAwsCommandsTest.blocks(Files.readAllLines(README), statement -> true);
        exported = new LinkedHashMap<>();
        for (ReadmeAwsCommandsTest.Block block : blocks) {
            for (String statement : block.statements()) {
                String line = joined(statement);
                if (line.startsWith("export ")) {
                    Matcher assignment = ASSIGNMENT.matcher(line);
                    while (assignment.find()) {
                        exported.computeIfAbsent(assignment.group(1), name -> new LinkedHashSet<>())
                                .add(assignment.group(2));
                    }
                }
            }
        }
    }

    @Test
    void localUpBlocksThatSignRequests_serveTheRegionTheReadmeExports() {
        assertThat(exported.get("AWS_REGION")).as("the region the README's exports name").hasSize(1);
        String region = exported.get("AWS_REGION").iterator().next();
        List<String> checked = new ArrayList<>();
        for (ReadmeAwsCommandsTest.Block block : blocks) {
            boolean signs = block.statements().stream().anyMatch(s -> SIGNING.stream().anyMatch(s::contains));
            for (String statement : block.statements()) {
                String line = joined(statement);
                if (!line.contains("./snowgate local up") || !signs) {
                    continue;
                }
                checked.add(line);
                assertThat(option(line, "--region").orElse(LOCAL_UP_DEFAULT_REGION))
                        .as("README block at line %d: %s", block.line(), line).isEqualTo(region);
            }
            Matcher arn = LAMBDA_ARN_REGION.matcher(block.script());
            while (arn.find()) {
                assertThat(arn.group(1)).as("README block at line %d: a Lambda ARN's region", block.line())
                        .isEqualTo(region);
            }
        }
        assertThat(checked).as("local up lines followed by signed requests").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void snowgateCommands_useTheKeyFilesAndPassphraseVariableTheReadmeMakes() {
        Set<Path> made = new LinkedHashSet<>();
        for (ReadmeAwsCommandsTest.Block block : blocks) {
            for (String statement : block.statements()) {
                option(joined(statement), "--out").filter(dir -> statement.contains("./snowgate key new"))
                        .ifPresent(dir -> {
                            made.add(Path.of(dir, "rsa_key.p8").normalize());
                            made.add(Path.of(dir, "rsa_key.pub").normalize());
                        });
            }
        }
        assertThat(made).as("files key new writes").isNotEmpty();
        int checked = 0;
        for (ReadmeAwsCommandsTest.Block block : blocks) {
            // A block may make its own key with openssl (Deploy to AWS, step 4).
            Set<Path> inBlock = new LinkedHashSet<>(made);
            block.statements().stream().map(ReadmeLocalCommandsTest::joined).filter(s -> s.contains("openssl "))
                    .forEach(s -> option(s, "-out").ifPresent(file -> inBlock.add(Path.of(file).normalize())));
            for (String statement : block.statements()) {
                String line = joined(statement);
                if (!line.contains("./snowgate ")) {
                    continue;
                }
                List<String> files = new ArrayList<>();
                option(line, "--key").ifPresent(files::add);
                for (String user : options(line, "--user")) {
                    int eq = user.indexOf('=');
                    if (eq > 0 && !user.startsWith("arn:", eq + 1)) {
                        files.add(user.substring(eq + 1));
                    }
                }
                for (String file : files) {
                    checked++;
                    assertThat(inBlock).as("README block at line %d: %s", block.line(), line)
                            .contains(Path.of(file).normalize());
                }
                for (String variable : options(line, "--passphrase-env")) {
                    checked++;
                    assertThat(exported).as("README block at line %d: %s", block.line(), line)
                            .containsKey(variable);
                }
            }
        }
        assertThat(checked).as("key files and passphrase variables named").isGreaterThanOrEqualTo(5);
    }

    /** A statement on one line: backslash continuations joined. */
    private static String joined(String statement) {
        return statement.replace("\\\n", " ").strip();
    }

    private static Optional<String> option(String line, String name) {
        return options(line, name).stream().findFirst();
    }

    /** Every value of {@code name} in the line, given as {@code name VALUE} or {@code name=VALUE}. */
    private static List<String> options(String line, String name) {
        List<String> tokens = Arrays.asList(line.split("\\s+"));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals(name) && i + 1 < tokens.size()) {
                values.add(tokens.get(i + 1));
            } else if (tokens.get(i).startsWith(name + "=")) {
                values.add(tokens.get(i).substring(name.length() + 1));
            }
        }
        return values;
    }
}
