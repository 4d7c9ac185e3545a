package io.dealflow.sandbox.hubex;

/** A tenant user: dispatcher, technician or the API service user. */
public record HubexUser(int id, String firstName, String lastName, String middleName, String email,
                        String mobilePhone, boolean isTechnician, boolean isCustomer) {

    public String fullName() {
        return firstName + " " + lastName;
    }
}
