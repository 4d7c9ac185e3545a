package io.dealflow.sandbox.hubex;

/** The part of {@code ESCompanyAddData} the simulator keeps. */
public record NewHubexCompany(String name, Integer registrationTypeId, String tin, String phone, String email,
                              String erpId, boolean isEmployer) {

    /** A customer legal entity («Юридическое лицо»), as the wiki example creates one. */
    public static NewHubexCompany customer(String name, String tin) {
        return new NewHubexCompany(name, HubexDirectory.REGISTRATION_LEGAL_ENTITY, tin, null, null, null, true);
    }

    static NewHubexCompany fromAddData(HubexJsonBody body) {
        return new NewHubexCompany(body.text("name"), body.integer("registrationTypeID"), body.text("tin"),
                body.text("phone"), body.text("email"), body.text("erpID"),
                Boolean.TRUE.equals(body.bool("isEmployer")));
    }
}
