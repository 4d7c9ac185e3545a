package io.dealflow.mapping;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Gives the engine's decision tables {@link ParsedOnceFeelEngine} (ADR 0018). "Load deal" evaluates the task
 * classification once per cycle, too rarely for the JIT to compile the FEEL parser: the two tables were two thirds
 * of the delegate's CPU, most of it parsing the same few short texts again. The engine's legacy FEEL (JUEL-based,
 * {@code dmnFeelEnableLegacyBehavior}) is left as it is.
 */
@Component
public class ParsedOnceFeel extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.isDmnFeelEnableLegacyBehavior()) {
            return;
        }
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        // the engine hands its custom FEEL functions to this configuration before it builds the FEEL engine
        dmn.setFeelEngineFactory(() -> new ParsedOnceFeelEngine(dmn.getFeelCustomFunctionProviders()));
        configuration.setDmnEngineConfiguration(dmn);
    }
}
