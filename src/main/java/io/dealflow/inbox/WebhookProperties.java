package io.dealflow.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** What the webhook endpoints accept before they look at a request. */
@ConfigurationProperties(prefix = "dealflow.webhooks")
public class WebhookProperties {

    /**
     * Largest request body; a larger one is answered 413 unread. A Bitrix24 event is about 500 bytes, a HubEx
     * webhook call a few kilobytes.
     */
    private DataSize maxBodySize = DataSize.ofKilobytes(64);

    public DataSize getMaxBodySize() { return maxBodySize; }
    public void setMaxBodySize(DataSize maxBodySize) { this.maxBodySize = maxBodySize; }
}
