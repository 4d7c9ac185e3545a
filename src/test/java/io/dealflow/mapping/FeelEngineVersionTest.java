package io.dealflow.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;

import org.camunda.feel.FeelEngine;
import org.junit.jupiter.api.Test;

/**
 * The FEEL engine of the decision tables is one that builds its built-in functions once (ADR 0017): Camunda 7.24's
 * own 1.19.3 builds them at every evaluation, ten times the CPU of a classification (DecisionTableBench). A
 * dependency update that brings the old one back fails here.
 */
public class FeelEngineVersionTest {

    private static final int[] FIRST_WITH_THE_FIX = {1, 19, 5};

    @Test
    void isOneThatBuildsItsBuiltInFunctionsOnce() throws IOException {
        String version = onTheClasspath();

        assertThat(compare(parts(version), FIRST_WITH_THE_FIX)).as("feel-engine %s", version)
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void comparesVersionsPartByPart() {
        assertThat(compare(parts("1.19.3"), FIRST_WITH_THE_FIX)).isNegative();
        assertThat(compare(parts("1.20.0"), FIRST_WITH_THE_FIX)).isPositive();
        assertThat(compare(parts("1.19.10"), FIRST_WITH_THE_FIX)).isPositive();
        assertThat(compare(parts("1.19.5-SNAPSHOT"), FIRST_WITH_THE_FIX)).isZero();
    }

    /** The version of feel-engine on the classpath, from its Maven metadata. */
    public static String onTheClasspath() throws IOException {
        try (InputStream in = FeelEngine.class
                .getResourceAsStream("/META-INF/maven/org.camunda.feel/feel-engine/pom.properties")) {
            assertThat(in).as("feel-engine's pom.properties on the classpath").isNotNull();
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("-")[0].split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static int compare(int[] version, int[] other) {
        for (int i = 0; i < Math.max(version.length, other.length); i++) {
            int a = i < version.length ? version[i] : 0;
            int b = i < other.length ? other[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }
}
