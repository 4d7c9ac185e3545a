package io.dealflow.sandbox.hubex;

import java.time.Instant;

/** An address (ES): {@code coordinate} is {@code "lat:lng"}; {@code deleted} is null for a live location. */
public record HubexLocation(int id, String address, String coordinate, String description,
                            String countryTwoSymbolCode, Instant deleted) {
}
