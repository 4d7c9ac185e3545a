package io.dealflow.mapping;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The data a deal must carry before its HubEx task is created. A deal that lacks any of it does not become an
 * incident: its cycle waits in the user task "Fix the deal" until an operator retries or cancels it.
 */
@ConfigurationProperties(prefix = "dealflow.requirements")
public class RequirementsProperties {

    /** The task needs a phone: the contact's, or the company's when the contact has none. */
    private boolean requireContactPhone = false;
    /** The task needs an e-mail: the contact's, or the company's when the contact has none. */
    private boolean requireContactEmail = false;
    /** Deal fields (codes such as UF_CRM_ADDRESS, TITLE) that must not be empty. */
    private List<String> requiredDealFields = new ArrayList<>();

    public boolean isRequireContactPhone() { return requireContactPhone; }
    public void setRequireContactPhone(boolean requireContactPhone) { this.requireContactPhone = requireContactPhone; }
    public boolean isRequireContactEmail() { return requireContactEmail; }
    public void setRequireContactEmail(boolean requireContactEmail) { this.requireContactEmail = requireContactEmail; }
    public List<String> getRequiredDealFields() { return requiredDealFields; }
    public void setRequiredDealFields(List<String> requiredDealFields) {
        this.requiredDealFields = requiredDealFields == null ? new ArrayList<>() : requiredDealFields;
    }
}
