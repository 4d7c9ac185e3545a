package io.dealflow.sandbox.hubex;

/**
 * The part of {@code DataLocationsPostData} the simulator keeps. Unless {@code ignorePossibleDuplication}, an
 * address already on file is refused with 409 PossibleDuplication.
 */
public record NewHubexLocation(String address, String coordinate, String description, String countryTwoSymbolCode,
                               boolean ignorePossibleDuplication) {

    public static NewHubexLocation of(String address, String coordinate) {
        return new NewHubexLocation(address, coordinate, null, null, false);
    }

    static NewHubexLocation fromPostData(HubexJsonBody body) {
        return new NewHubexLocation(body.text("address"), body.text("coordinate"), body.text("description"),
                body.text("countryTwoSymbolCode"), Boolean.TRUE.equals(body.bool("isIgnorePossibleDuplication")));
    }
}
