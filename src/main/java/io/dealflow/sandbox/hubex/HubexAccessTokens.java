package io.dealflow.sandbox.hubex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.dealflow.sandbox.SandboxProperties;

/**
 * Issues and checks the simulator's access tokens. Tokens are random, JWT-shaped strings: clients must treat
 * them as opaque, and nothing here ever logs them.
 */
@Component
@ConditionalOnProperty(prefix = "dealflow.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public class HubexAccessTokens {

    /** The answer to a successful {@code POST /AUTHZ/AccessTokens}. */
    public record IssuedToken(String accessToken, Instant validTill, int expiresInSeconds, String refreshToken) {
    }

    private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(365);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SandboxProperties properties;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> refreshTokens = new ConcurrentHashMap<>();

    public HubexAccessTokens(SandboxProperties properties) {
        this.properties = properties;
    }

    public boolean isValidServiceToken(String candidate) {
        String expected = properties.getHubex().getServiceToken();
        return candidate != null && !candidate.isEmpty() && expected != null && !expected.isEmpty()
                && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Exchanging a refresh token does not consume it, as HubEx refresh tokens live about a year. */
    public boolean isValidRefreshToken(String candidate) {
        return candidate != null && isUnexpired(refreshTokens.get(candidate));
    }

    public IssuedToken issue() {
        Instant now = Instant.now();
        accessTokens.values().removeIf(validTill -> !validTill.isAfter(now));
        int seconds = properties.getHubex().getAccessTokenSeconds();
        Instant validTill = now.plusSeconds(seconds);
        String accessToken = jwtShaped(validTill);
        String refreshToken = jwtShaped(now.plus(REFRESH_TOKEN_LIFETIME));
        accessTokens.put(accessToken, validTill);
        refreshTokens.put(refreshToken, now.plus(REFRESH_TOKEN_LIFETIME));
        return new IssuedToken(accessToken, validTill, seconds, refreshToken);
    }

    /** Checks an {@code Authorization} header value: "Bearer " and an issued, unexpired token. */
    public boolean isAuthorized(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return isUnexpired(accessTokens.get(authorizationHeader.substring(7).trim()));
    }

    /** Every access and refresh token issued and not yet expired, for tests that look for them where they must not be. */
    public Set<String> issuedTokens() {
        Set<String> issued = new HashSet<>(accessTokens.keySet());
        issued.addAll(refreshTokens.keySet());
        return issued;
    }

    /** Lets tests make every issued access token expire at once, as 30 minutes passing in the middle of a run. */
    public void expireAllAccessTokens() {
        accessTokens.clear();
    }

    private static boolean isUnexpired(Instant validTill) {
        return validTill != null && validTill.isAfter(Instant.now());
    }

    private String jwtShaped(Instant expiry) {
        String header = BASE64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = BASE64URL.encodeToString(("{\"iss\":\"hubex-sandbox\",\"exp\":" + expiry.getEpochSecond()
                + "}").getBytes(StandardCharsets.UTF_8));
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        return header + "." + payload + "." + BASE64URL.encodeToString(signature);
    }
}
