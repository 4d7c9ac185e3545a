package io.dealflow;

/** The configuration cannot work; the message names every setting to fix and never echoes a secret. */
public class SettingsRefusedException extends IllegalStateException {

    public SettingsRefusedException(String message) {
        super(message);
    }
}
