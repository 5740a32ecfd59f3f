package io.snowgate.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.stack.SnowgateStack;
import io.snowgate.infra.stack.SnowgateStackProps;
import io.snowgate.infra.workload.Workload;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.IConstruct;

/**
 * One synthesized app with cdk-nag applied, shared by a test class (jsii and synthesis take seconds). Helpers read the
 * template the way a reviewer does: resolved logical ids and the exact statements of a role.
 */
record Synthesized(App app, SnowgateStack stack, Template template, Map<String, Object> json) {

    /** A Snowgate function's {@code Environment} as the app sets it: {@code variables} and the driver's settings. */
    static Map<String, Object> functionEnvironment(Map<String, Object> variables) {
        Map<String, Object> all = new LinkedHashMap<>(FunctionEnvironment.DRIVER_SETTINGS);
        all.putAll(variables);
        return Map.of("Variables", all);
    }

    /**
     * Builds the stack from typed props with a tiny dummy package, applies cdk-nag and synthesizes it, under cdk.json's
     * feature flags: they change templates (partition literals, policy merging), and users synthesize with them.
     */
    static Synthesized of(InfraSettings settings, Workload workload) {
        App app = new App(AppProps.builder().context(featureFlags()).build());
        SnowgateStack stack = new SnowgateStack(app, "Snowgate",
                new SnowgateStackProps(settings, Code.fromAsset(dummyPackage().toString()), workload));
        SnowgateApp.addChecks(app);
        Template template = Template.fromStack(stack);
        return new Synthesized(app, stack, template, template.toJSON());
    }

    /** cdk.json's feature flags (its {@code @...} keys), without Snowgate's own settings, which tests give as props. */
    static Map<String, Object> featureFlags() {
        Map<String, Object> flags = new LinkedHashMap<>();
        cdkJsonContext().forEach((key, value) -> {
            if (key.startsWith("@")) {
                flags.put(key, value);
            }
        });
        assertThat(flags).as("cdk.json's feature flags").isNotEmpty();
        return flags;
    }

    /** The context of the repository's cdk.json, feature flags included, as ./snowgate cdk synth reads it. */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(Path.of("..", "cdk.json").toFile(),
                    new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deployment package small enough to synthesize in a test; only the real build's is deployable. */
    static Path dummyPackage() {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
            Path zip = Files.createTempFile(dir, "function", ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                out.putNextEntry(new ZipEntry("lib/placeholder.txt"));
                out.write("test package".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The logical id of a construct's CloudFormation resource. */
    String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return (String) stack.resolve(((CfnElement) element).getLogicalId());
    }

    /** {@code {"Ref": logicalId}} of a construct. */
    Map<String, Object> ref(IConstruct construct) {
        return Map.of("Ref", logicalId(construct));
    }

    /** {@code {"Fn::GetAtt": [logicalId, attribute]}} of a construct. */
    Map<String, Object> getAtt(IConstruct construct, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), attribute));
    }

    /** Every resource of a type, by logical id, as its properties. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> propertiesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        template.findResources(type).forEach((id, resource) ->
                found.put(id, (Map<String, Object>) ((Map<String, Object>) resource).get("Properties")));
        return found;
    }

    /** A token as it appears in the template ({"Ref": ...}, {"Fn::GetAtt": ...}, a literal). */
    Object resolve(Object token) {
        return stack.resolve(token);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) json.get("Resources");
        assertThat(resources).containsKey(logicalId);
        return (Map<String, Object>) resources.get(logicalId);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resource(logicalId).get("Properties");
    }

    /** Every statement of the role's policies, after checking it has exactly one inline policy and no managed one. */
    @SuppressWarnings("unchecked")
    List<Object> statementsOf(Role role) {
        Map<String, Object> properties = properties(logicalId(role));
        assertThat(properties).doesNotContainKey("ManagedPolicyArns");
        List<Object> policies = (List<Object>) properties.get("Policies");
        assertThat(policies).hasSize(1);
        Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policies.get(0))
                .get("PolicyDocument");
        return (List<Object>) document.get("Statement");
    }

    /** A statement as CDK renders it: one action or resource as a scalar, several as a list. */
    static Map<String, Object> statement(String sid, List<String> actions, List<Object> resources,
                                         Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", actions.size() == 1 ? actions.get(0) : actions);
        if (condition != null) {
            statement.put("Condition", condition);
        }
        statement.put("Effect", "Allow");
        statement.put("Resource", resources.size() == 1 ? resources.get(0) : new ArrayList<>(resources));
        statement.put("Sid", sid);
        return statement;
    }

    /** Asserts cdk-nag's AWS Solutions pack left no unsuppressed error or warning. */
    void assertNoUnsuppressedNagFindings() {
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    /** Asserts no suppression applies to the whole stack and each resource suppression gives a real reason. */
    @SuppressWarnings("unchecked")
    void assertSuppressionsArePerResourceWithReasons() {
        Map<String, Object> metadata = (Map<String, Object>) json.getOrDefault("Metadata", Map.of());
        assertThat(metadata).as("stack-wide cdk-nag suppressions").doesNotContainKey("cdk_nag");
        Map<String, Object> resources = (Map<String, Object>) json.get("Resources");
        resources.values().forEach(resource -> {
            Map<String, Object> resourceMetadata =
                    (Map<String, Object>) ((Map<String, Object>) resource).getOrDefault("Metadata", Map.of());
            Map<String, Object> nag = (Map<String, Object>) resourceMetadata.get("cdk_nag");
            if (nag != null) {
                for (Object rule : (List<Object>) nag.get("rules_to_suppress")) {
                    Map<String, Object> suppression = (Map<String, Object>) rule;
                    assertThat((String) suppression.get("id")).startsWith("AwsSolutions-");
                    assertThat((String) suppression.get("reason")).hasSizeGreaterThan(60);
                }
            }
        });
    }
}
