package io.dealflow.mapping;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How a deal fills a HubEx task. Value tables (task type, criticality) live in processes/*.dmn. */
@ConfigurationProperties(prefix = "dealflow.mapping")
public class MappingProperties {

    /**
     * BB-code, like the deal's own comment: {FIELD} is replaced by the deal's field; the result becomes the
     * plain-text notes and the HTML card of the task. A blank line starts a paragraph.
     */
    private String notesTemplate = "[b]Сделка #{ID}: {TITLE}[/b]\n\n{COMMENTS}";
    private ContactValues contactPhones = ContactValues.FIRST;
    private ContactValues contactEmails = ContactValues.FIRST;
    /** Deal field that gives the task deadline (CLOSEDATE or a date/datetime UF_CRM_… field); empty = none. */
    private String deadlineField = "";
    private DateKind deadlineFieldKind = DateKind.AUTO;
    /** For a date-only deadline: the time of day, in the portal's time zone, the task is due. */
    private LocalTime deadlineTime = LocalTime.of(18, 0);
    private ZoneId portalTimeZone = ZoneId.of("Europe/Moscow");
    /** Deal field that gives the task's estimated cost (e.g. OPPORTUNITY); empty = none. */
    private String estimatedCostField = "";
    /** Deal field whose value is looked up in the criticality table (processes/task-classification.dmn). */
    private String criticalityField = "";
    /** Deal address field (text|lat;lon|id) that becomes the task's HubEx location; empty = no location. */
    private String addressField = "";
    /** Without a deal address: the actual address of the contact's requisite, else of the company's. */
    private boolean requisiteAddressFallback = false;
    /** What to do with the deal's company in HubEx. */
    private CompanyPolicy companyPolicy = CompanyPolicy.LEAVE_EMPTY;
    /** registrationTypeID of companies DealFlow creates (GET /fsm/ES/CompanyRegistrationTypes; 3 = legal entity). */
    private int companyRegistrationTypeId = 3;
    /** Deal field holding a HubEx asset ID; empty = none. */
    private String assetField = "";
    /** Asset used when the deal names none; null = none. */
    private Integer defaultAssetId;
    /** Other HubEx task fields (requestedStartDateTime, contractID, …) → deal field whose value they get. */
    private Map<String, String> taskFields = new LinkedHashMap<>();
    /** HubEx custom task field (attributeID) → deal field whose value it gets. */
    private Map<Integer, String> attributes = new LinkedHashMap<>();

    public String getNotesTemplate() { return notesTemplate; }
    public void setNotesTemplate(String notesTemplate) { this.notesTemplate = notesTemplate; }
    public ContactValues getContactPhones() { return contactPhones; }
    public void setContactPhones(ContactValues contactPhones) { this.contactPhones = contactPhones; }
    public ContactValues getContactEmails() { return contactEmails; }
    public void setContactEmails(ContactValues contactEmails) { this.contactEmails = contactEmails; }
    public String getDeadlineField() { return deadlineField; }
    public void setDeadlineField(String deadlineField) { this.deadlineField = deadlineField; }
    public DateKind getDeadlineFieldKind() { return deadlineFieldKind; }
    public void setDeadlineFieldKind(DateKind deadlineFieldKind) { this.deadlineFieldKind = deadlineFieldKind; }
    public LocalTime getDeadlineTime() { return deadlineTime; }
    public void setDeadlineTime(LocalTime deadlineTime) { this.deadlineTime = deadlineTime; }
    public ZoneId getPortalTimeZone() { return portalTimeZone; }
    public void setPortalTimeZone(ZoneId portalTimeZone) { this.portalTimeZone = portalTimeZone; }
    public String getEstimatedCostField() { return estimatedCostField; }
    public void setEstimatedCostField(String estimatedCostField) { this.estimatedCostField = estimatedCostField; }
    public String getCriticalityField() { return criticalityField; }
    public void setCriticalityField(String criticalityField) { this.criticalityField = criticalityField; }

    public String getAddressField() { return addressField; }
    public void setAddressField(String addressField) { this.addressField = addressField; }
    public boolean isRequisiteAddressFallback() { return requisiteAddressFallback; }
    public void setRequisiteAddressFallback(boolean fallback) { this.requisiteAddressFallback = fallback; }
    public CompanyPolicy getCompanyPolicy() { return companyPolicy; }
    public void setCompanyPolicy(CompanyPolicy companyPolicy) { this.companyPolicy = companyPolicy; }
    public int getCompanyRegistrationTypeId() { return companyRegistrationTypeId; }
    public void setCompanyRegistrationTypeId(int id) { this.companyRegistrationTypeId = id; }
    public String getAssetField() { return assetField; }
    public void setAssetField(String assetField) { this.assetField = assetField; }
    public Integer getDefaultAssetId() { return defaultAssetId; }
    public void setDefaultAssetId(Integer defaultAssetId) { this.defaultAssetId = defaultAssetId; }
    public Map<String, String> getTaskFields() { return taskFields; }
    public void setTaskFields(Map<String, String> taskFields) { this.taskFields = taskFields; }
    public Map<Integer, String> getAttributes() { return attributes; }
    public void setAttributes(Map<Integer, String> attributes) { this.attributes = attributes; }

    public enum CompanyPolicy {
        /** A remembered link, else a company with the same name, else a new customer company. */
        CREATE,
        /** A remembered link or a company with the same name; none stops the task creation with an incident. */
        REQUIRE_EXISTING,
        /** The task gets no company. */
        LEAVE_EMPTY
    }

    public enum ContactValues {
        /** The first phone/e-mail of the contact (or of the company without a contact). */
        FIRST,
        /** All of them, comma-separated, contact first, then company. */
        ALL
    }

    public enum DateKind {
        /** A value at exactly midnight UTC is a date field (that is how Bitrix24 renders dates), else a datetime. */
        AUTO,
        DATE,
        DATETIME
    }
}
