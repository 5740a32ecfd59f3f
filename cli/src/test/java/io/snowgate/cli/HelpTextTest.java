package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code --help} shows for every command: the text users read beside the README. */
class HelpTextTest {

    /**
     * picocli starts a new line at each element of a description, then wraps it: an element that stops mid-sentence
     * breaks the sentence across a short line ({@code local up --help} did this), so each element but the last ends a
     * sentence.
     */
    @Test
    void everyDescriptionParagraph_endsASentence_soHelpNeverBreaksOneMidway() {
        List<String> unfinished = new ArrayList<>();
        collect(SnowgateCommand.commandLine(), unfinished);

        assertThat(unfinished).isEmpty();
    }

    /** The commands {@code ./snowgate} runs itself, not through this CLI, are named where {@code --help} ends. */
    @Test
    void theFooter_namesEveryCommandTheScriptRunsItself() throws IOException {
        String script = Files.readString(Path.of("..", "snowgate"));
        Matcher label = Pattern.compile("(?m)^  ([a-z-]+)\\)$").matcher(script);
        List<String> scriptCommands = new ArrayList<>();
        while (label.find()) {
            scriptCommands.add(label.group(1));
        }
        String footer = String.join(" ", SnowgateCommand.commandLine().getCommandSpec().usageMessage().footer());

        assertThat(scriptCommands).containsExactlyInAnyOrder("test", "cdk", "cdk-app", "build");
        assertThat(scriptCommands).allSatisfy(command -> assertThat(footer).contains(" " + command + " "));
    }

    private static void collect(CommandLine command, List<String> unfinished) {
        CommandSpec spec = command.getCommandSpec();
        check(spec.qualifiedName(), spec.usageMessage().description(), unfinished);
        for (ArgSpec arg : spec.args()) {
            String name = arg instanceof CommandLine.Model.OptionSpec option ? option.longestName()
                    : arg.paramLabel();
            check(spec.qualifiedName() + " " + name, arg.description(), unfinished);
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, unfinished));
    }

    /** Every paragraph a line break follows must end its sentence. */
    private static void check(String where, String[] paragraphs, List<String> unfinished) {
        for (int i = 0; i < paragraphs.length - 1; i++) {
            if (!paragraphs[i].strip().endsWith(".")) {
                unfinished.add(where + ": " + paragraphs[i]);
            }
        }
    }
}
