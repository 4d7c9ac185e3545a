package io.dealflow.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/health} stays open for probes, and an operator who sends HTTP Basic credentials of a Camunda
 * user sees the reasons behind each status ({@code management.endpoint.health.show-details: when-authorized}):
 * Spring Boot shows details to a request that carries a principal, so a valid login becomes one (with the user's
 * Camunda groups as roles). Wrong or missing credentials change nothing: the answer is the anonymous one, never a
 * 401, so probes are unaffected.
 */
@Component
public class HealthDetailsLogin extends OncePerRequestFilter {

    private static final String BASIC = "Basic ";

    private final ObjectProvider<IdentityService> identity;

    /** The engine is looked up at the first request: filters are created before the engine may be. */
    public HealthDetailsLogin(ObjectProvider<IdentityService> identity) {
        this.identity = identity;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())
                || request.getUserPrincipal() != null) {
            chain.doFilter(request, response);
            return;
        }
        String userId;
        String password;
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                chain.doFilter(request, response);
                return;
            }
            userId = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        } catch (IllegalArgumentException notBase64) {
            chain.doFilter(request, response);
            return;
        }
        IdentityService identityService = identity.getObject();
        if (!identityService.checkPassword(userId, password)) {
            chain.doFilter(request, response);
            return;
        }
        Set<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(Group::getId).collect(Collectors.toSet());
        Principal principal = () -> userId;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return userId;
            }

            @Override
            public boolean isUserInRole(String role) {
                return groups.contains(role);
            }
        }, response);
    }
}
