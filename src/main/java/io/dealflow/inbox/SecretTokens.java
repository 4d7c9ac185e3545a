package io.dealflow.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Token comparison whose duration does not reveal how much of a guess was right. */
final class SecretTokens {

    private SecretTokens() {
    }

    static boolean matches(String expected, String presented) {
        if (expected == null || expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
