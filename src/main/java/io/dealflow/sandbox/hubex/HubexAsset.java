package io.dealflow.sandbox.hubex;

/** An asset, the equipment a task is about (ES); it belongs to a company and stands at a location. */
public record HubexAsset(int id, String name, int companyId, Integer locationId, String erpId) {
}
