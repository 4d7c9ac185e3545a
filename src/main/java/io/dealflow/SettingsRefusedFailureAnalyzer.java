package io.dealflow;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused configuration as Spring Boot's "APPLICATION FAILED TO START" report: the list of settings,
 * instead of the chain of beans that happened to need them first.
 */
class SettingsRefusedFailureAnalyzer extends AbstractFailureAnalyzer<SettingsRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SettingsRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set the settings named above (docs/configuration.md lists"
                + " every key and its environment variable) and start again.", cause);
    }
}
