package io.dealflow.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The account Camunda creates at first start for Cockpit, Tasklist, Admin and the REST API
 * ({@code camunda.bpm.admin-user}, set from {@code DEALFLOW_ADMIN_USER} and {@code DEALFLOW_ADMIN_PASSWORD}).
 * Read here as well, without Camunda's fallback of "password = user ID", so that a missing password is noticed.
 */
@ConfigurationProperties(prefix = "camunda.bpm.admin-user")
public class AdminUserSettings {

    private String id = "";
    private String password = "";

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
}
