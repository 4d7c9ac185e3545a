package io.dealflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the checks Camunda Modeler itself runs on processes/ - bpmnlint with the Camunda 7 rules (.bpmnlintrc) and
 * the element template schema (processes/.camunda/validate-templates.js) - so that {@code mvn verify} fails when an
 * analyst's diagram or template would show errors in Modeler. Needs node_modules ({@code npm ci}): without it the
 * checks are skipped locally and fail with {@code CI=true}.
 */
class ModelerChecksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final long TIMEOUT_MINUTES = 2;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    @BeforeEach
    void nodeModulesAreInstalled() {
        boolean installed = Stream.of("bpmnlint", "bpmnlint-plugin-camunda-compat", "ajv",
                        "@camunda/element-templates-json-schema")
                .allMatch(module -> Files.isDirectory(ROOT.resolve("node_modules").resolve(module)));
        if (!installed) {
            String message = "node_modules with bpmnlint, bpmnlint-plugin-camunda-compat, ajv and "
                    + "@camunda/element-templates-json-schema is missing in " + ROOT
                    + ": run npm ci (the .ci/run script does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.assumeTrue(false, message);
        }
    }

    @Test
    void bpmnlintFindsNoErrorsInTheDiagrams() throws Exception {
        List<String> command = new ArrayList<>(List.of(WINDOWS ? "npx.cmd" : "npx", "--no-install", "bpmnlint"));
        try (Stream<Path> files = Files.list(ROOT.resolve("processes"))) {
            files.filter(p -> p.toString().endsWith(".bpmn")).sorted()
                    .map(p -> ROOT.relativize(p).toString().replace(File.separatorChar, '/'))
                    .forEach(command::add);
        }
        assertThat(command).as("diagrams in processes/").hasSizeGreaterThan(3);
        assertSucceeds(command);
    }

    @Test
    void elementTemplatesMatchTheSchemaModelerValidatesThemAgainst() throws Exception {
        assertSucceeds(List.of(WINDOWS ? "node.exe" : "node", "processes/.camunda/validate-templates.js"));
    }

    private static void assertSucceeds(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("modeler-check", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("NO_UPDATE_NOTIFIER", "1");
            builder.environment().put("FORCE_COLOR", "0");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                fail(String.join(" ", command) + " cannot be started (is Node.js on the PATH?): " + e.getMessage());
                return;
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_MINUTES + " minutes:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue())
                    .as("%s exited with %d:%n%s", String.join(" ", command), process.exitValue(), log)
                    .isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
