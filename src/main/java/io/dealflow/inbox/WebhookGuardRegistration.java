package io.dealflow.inbox;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link WebhookRequestGuard} in front of every webhook endpoint, before anything reads the request, and
 * {@link WebhookEndpoints} right behind it to answer the two webhooks.
 */
@Configuration
public class WebhookGuardRegistration {

    @Bean
    FilterRegistrationBean<WebhookRequestGuard> webhookRequestGuard(WebhookProperties properties) {
        FilterRegistrationBean<WebhookRequestGuard> registration =
                new FilterRegistrationBean<>(new WebhookRequestGuard(properties));
        registration.setName("webhook-request-guard");
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    @Bean
    FilterRegistrationBean<WebhookEndpoints> webhookEndpoints(Bitrix24WebhookEndpoint bitrix24,
                                                              HubexWebhookEndpoint hubex) {
        FilterRegistrationBean<WebhookEndpoints> registration =
                new FilterRegistrationBean<>(new WebhookEndpoints(bitrix24, hubex));
        registration.setName("webhook-endpoints");
        registration.addUrlPatterns(WebhookEndpoints.BITRIX24, WebhookEndpoints.HUBEX);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 31);
        return registration;
    }
}
