package io.dealflow.security;

import java.util.Locale;
import java.util.Set;

/** Passwords that an attacker tries first: defaults of Camunda, of DealFlow's examples, and anything short. */
public final class WeakPasswords {

    public static final int MIN_LENGTH = 12;

    private static final Set<String> WELL_KNOWN = Set.of("admin", "demo", "password", "changeme", "change-me",
            "change-me-too", "changeit", "secret", "camunda", "dealflow", "letmein", "welcome", "qwerty",
            "123456", "12345678", "123456789", "1234567890", "administrator", "root", "test", "default",
            "admin123", "password1", "password123", "qwertyuiop", "adminadmin", "passw0rd");

    private WeakPasswords() {
    }

    /** Why {@code password} must not guard an administrator account, or null when it may. */
    public static String weakness(String userId, String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (WELL_KNOWN.contains(lower) || WELL_KNOWN.contains(lower.replaceAll("[^a-z0-9]", ""))) {
            return "is a well-known default";
        }
        if (userId != null && lower.equals(userId.toLowerCase(Locale.ROOT))) {
            return "is the user name";
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "is shorter than " + MIN_LENGTH + " characters";
        }
        if (password.chars().distinct().count() < 4) {
            return "repeats too few characters";
        }
        return null;
    }
}
