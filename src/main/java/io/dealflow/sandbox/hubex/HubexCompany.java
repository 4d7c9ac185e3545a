package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** A company (ES): a customer when {@code isEmployer}. {@code deleted} is null for a live company. */
public record HubexCompany(int id, String name, int registrationTypeId, String tin, String phone, String email,
                           String erpId, boolean isEmployer, Instant deleted) {
}
